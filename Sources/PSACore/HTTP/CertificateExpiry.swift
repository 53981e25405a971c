import CCurl
import Foundation

/// The earliest expiry in the certificate chain libcurl reports (`CURLOPT_CERTINFO`).
enum CertificateExpiry {
    static func earliest(in handle: UnsafeMutableRawPointer) -> Date? {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard psl_curl_getinfo_certinfo(handle, &info) == CURLE_OK, let info, let chain = info.pointee.certinfo
        else { return nil }
        var earliest: Date?
        for index in 0..<Int(info.pointee.num_of_certs) {
            var field = chain[index]
            while let current = field {
                if let data = current.pointee.data {
                    let line = String(cString: data)
                    if line.hasPrefix("Expire date:"), let date = parse(String(line.dropFirst(12))) {
                        earliest = min(earliest ?? date, date)
                    }
                }
                field = current.pointee.next
            }
        }
        return earliest
    }

    /// The "Expire date" value of curl's certificate information: OpenSSL's `ASN1_TIME_print`
    /// form ("Mar  4 12:00:00 2027 GMT") or the one curl writes itself for other TLS libraries
    /// ("2027-03-04 12:00:00 GMT"). Always UTC.
    static func parse(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var components = DateComponents()
        let time: String
        let zone: String?
        if parts.count >= 4, let month = months.firstIndex(of: parts[0]), let day = Int(parts[1]),
            let year = Int(parts[3])
        {
            components.year = year
            components.month = month + 1
            components.day = day
            time = parts[2]
            zone = parts.count > 4 ? parts[4] : nil
        } else if parts.count >= 2 {
            let date = parts[0].split(separator: "-")
            guard date.count == 3, let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]) else {
                return nil
            }
            components.year = year
            components.month = month
            components.day = day
            time = parts[1]
            zone = parts.count > 2 ? parts[2] : nil
        } else {
            return nil
        }
        if let zone, !["GMT", "UTC", "Z"].contains(zone) { return nil }
        let clock = time.split(separator: ":").map { Int($0) }
        guard clock.count == 3, let hour = clock[0], let minute = clock[1], let second = clock[2] else { return nil }
        components.hour = hour
        components.minute = minute
        components.second = second
        guard (1...12).contains(components.month!), (1...31).contains(components.day!), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

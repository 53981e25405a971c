import Foundation

/// How the checks word ages and sizes: short, for an 80-column line.
enum DoctorWording {
    static func age(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds)
        if seconds < 90 { return "\(Int(seconds.rounded())) s" }
        if seconds < 90 * 60 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds < 48 * 3600 { return "\(Int((seconds / 3600).rounded())) h" }
        return "\(Int((seconds / 86_400).rounded())) days"
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1 << 10 { return "\(bytes) B" }
        if bytes < 1 << 20 { return "\(bytes >> 10) KB" }
        return String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }

    static func time(_ date: Date) -> String { OffsetTimestamp.format(date) }

    static func mode(_ mode: UInt32) -> String { String(format: "%04o", mode & 0o7777) }
}

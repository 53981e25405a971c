import Foundation

/// Folds text for case- and accent-insensitive searching and sorting: "Société Générale"
/// and "SOCIETE generale" fold to the same bytes.
///
/// Foundation's folding costs microseconds per call, far too much for 60,000 company names
/// loaded at once, so ASCII is lowercased by hand and every other scalar is folded once and
/// remembered. A folder is a value: keep one for a batch of texts (an index build, a sort).
public struct TextFolder: Sendable {
    private var foldedScalars: [Unicode.Scalar: [UInt8]] = [:]

    public init() {}

    /// The folded UTF-8 bytes of `text`.
    public mutating func fold(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        append(text, to: &bytes)
        return bytes
    }

    /// The folded form of `text` as a string (sort keys).
    public mutating func foldedString(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return text }
        return String(decoding: fold(text), as: UTF8.self)
    }

    /// Appends the folded UTF-8 bytes of `text` to `bytes`.
    public mutating func append(_ text: String, to bytes: inout [UInt8]) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 { bytes.append(Self.lowercasedASCII(byte)) }
            return
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                bytes.append(Self.lowercasedASCII(UInt8(scalar.value)))
            } else if let folded = foldedScalars[scalar] {
                bytes.append(contentsOf: folded)
            } else {
                let folded = Self.foldSlowly(scalar)
                foldedScalars[scalar] = folded
                bytes.append(contentsOf: folded)
            }
        }
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    private static func foldSlowly(_ scalar: Unicode.Scalar) -> [UInt8] {
        // Foundation drops a combining accent only together with its base letter; text that
        // arrives decomposed ("e" + U+0301) must fold like the precomposed "é" does.
        if isCombiningDiacritic(scalar.value) { return [] }
        let folded = String(Character(scalar)).folding(
            options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return Array(folded.utf8)
    }

    private static func isCombiningDiacritic(_ value: UInt32) -> Bool {
        switch value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            return true
        default:
            return false
        }
    }
}

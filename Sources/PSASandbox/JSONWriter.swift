import Foundation

/// Writes the sandbox's loose JSON trees. Foundation's JSONSerialization bridges every value
/// through NSDictionary and NSString and spent most of a 1,000-company page doing so; this
/// writes straight into bytes. Keys come out sorted, so answers are deterministic.
enum JSONWriter {
    static func data(_ value: Any) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(value, into: &output)
        return Data(output)
    }

    private static func write(_ value: Any, into output: inout [UInt8]) {
        // Numbers parsed from a request body are NSNumbers, and an NSNumber holding 1 would
        // also pass as a Bool below: tell them apart by the type they were made from.
        if type(of: value) is NSNumber.Type, let number = value as? NSNumber {
            let kind = String(cString: number.objCType)
            if kind == "c" || kind == "B" {
                output += number.boolValue ? Array("true".utf8) : Array("false".utf8)
            } else if kind == "f" || kind == "d" {
                output += Array(formatted(number.doubleValue).utf8)
            } else {
                output += Array(String(number.int64Value).utf8)
            }
            return
        }
        switch value {
        case let text as String: writeString(text, into: &output)
        case let flag as Bool: output += flag ? Array("true".utf8) : Array("false".utf8)
        case let number as Int: output += Array(String(number).utf8)
        case let number as Int64: output += Array(String(number).utf8)
        case let number as UInt64: output += Array(String(number).utf8)
        case let number as Double:
            output += number.isFinite ? Array(formatted(number).utf8) : Array("null".utf8)
        case let object as [String: Any]:
            output.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(object[key]!, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case let array as [Any]:
            output.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case let optional as Any? where optional == nil:
            output += Array("null".utf8)
        default:
            output += Array("null".utf8)
        }
    }

    private static func formatted(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                output += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

import Foundation

/// Reads the subset of YAML that docs/openapi.yaml is written in — block mappings and
/// sequences, plain and quoted scalars, flow sequences of scalars (`[a, b]`) and folded scalars
/// (`>-`) — into `[String: Any]`, `[Any]` and `String` values. A YAML package would cost CI a
/// C library's build for one test; anything outside the subset throws rather than misreads.
enum SimpleYAML {
    struct Unsupported: Error, CustomStringConvertible {
        let line: Int
        let text: String
        var description: String { "line \(line): not in the YAML subset: \(text)" }
    }

    private struct Line {
        let number: Int
        let indent: Int
        let text: String
    }

    static func parse(_ source: String) throws -> Any {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw -> Line? in
            let text = String(raw)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
            return Line(number: index + 1, indent: text.prefix { $0 == " " }.count, text: trimmed)
        }
        var position = 0
        let value = try block(lines, &position, indent: 0)
        guard position == lines.count else { throw Unsupported(line: lines[position].number, text: lines[position].text) }
        return value
    }

    private static func block(_ lines: [Line], _ position: inout Int, indent: Int) throws -> Any {
        guard position < lines.count else { return "" }
        return lines[position].text.hasPrefix("- ")
            ? try sequence(lines, &position, indent: lines[position].indent)
            : try mapping(lines, &position, indent: lines[position].indent)
    }

    private static func sequence(_ lines: [Line], _ position: inout Int, indent: Int) throws -> [Any] {
        var items: [Any] = []
        while position < lines.count, lines[position].indent == indent, lines[position].text.hasPrefix("- ") {
            let line = lines[position]
            let rest = String(line.text.dropFirst(2))
            if splitKey(rest) != nil {
                // `- key: value` opens a mapping whose keys sit two columns further in.
                var inner = lines
                inner[position] = Line(number: line.number, indent: indent + 2, text: rest)
                items.append(try mapping(inner, &position, indent: indent + 2))
            } else {
                items.append(try scalar(rest, line: line.number))
                position += 1
            }
        }
        return items
    }

    private static func mapping(_ lines: [Line], _ position: inout Int, indent: Int) throws -> [String: Any] {
        var result: [String: Any] = [:]
        while position < lines.count, lines[position].indent == indent {
            let line = lines[position]
            guard let (key, rest) = splitKey(line.text) else { throw Unsupported(line: line.number, text: line.text) }
            position += 1
            if rest == ">-" || rest == ">" {
                var parts: [String] = []
                while position < lines.count, lines[position].indent > indent {
                    parts.append(lines[position].text)
                    position += 1
                }
                result[key] = parts.joined(separator: " ")
            } else if rest.isEmpty {
                let deeper = position < lines.count && (lines[position].indent > indent
                    || (lines[position].indent == indent && lines[position].text.hasPrefix("- ")))
                result[key] = deeper ? try block(lines, &position, indent: lines[position].indent) : ""
            } else {
                result[key] = try scalar(rest, line: line.number)
            }
        }
        return result
    }

    /// `key: rest` (rest may be empty), for plain or quoted keys.
    private static func splitKey(_ text: String) -> (String, String)? {
        var key: String
        var remainder: Substring
        if let quote = text.first, quote == "'" || quote == "\"" {
            guard let close = text.dropFirst().firstIndex(of: quote) else { return nil }
            key = String(text[text.index(after: text.startIndex) ..< close])
            remainder = text[text.index(after: close)...]
            guard remainder.hasPrefix(":") else { return nil }
            remainder = remainder.dropFirst()
        } else {
            guard let colon = text.range(of: ": ") ?? (text.hasSuffix(":") ? text.range(of: ":", options: .backwards) : nil) else { return nil }
            key = String(text[..<colon.lowerBound])
            if key.contains(" ") && !key.hasPrefix("$") { return nil }
            remainder = text[colon.upperBound...]
        }
        return (key, remainder.trimmingCharacters(in: .whitespaces))
    }

    private static func scalar(_ text: String, line: Int) throws -> Any {
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw Unsupported(line: line, text: text) }
            return try text.dropFirst().dropLast().split(separator: ",").map {
                try scalar($0.trimmingCharacters(in: .whitespaces), line: line)
            }
        }
        if let quote = text.first, quote == "'" || quote == "\"" {
            guard text.count >= 2, text.last == quote else { throw Unsupported(line: line, text: text) }
            return String(text.dropFirst().dropLast())
        }
        if text.hasPrefix("{") || text.hasPrefix("|") || text.hasPrefix("&") || text.hasPrefix("*") {
            throw Unsupported(line: line, text: text)
        }
        return text
    }
}

/// Escaping for HTML text and attribute values. Documents, labels and paths are untrusted input
/// in a report that a browser opens: every one of them passes through here, so `<script>` in a
/// document shows as text and cannot run.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, which makes it
    /// safe both between tags and inside a quoted attribute.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

/// Bad input data, located: which file, which line, which field, and what is wrong.
public struct DataError: Error, Equatable, CustomStringConvertible {
    /// The file (or `<stdin>`).
    public let file: String
    /// The 1-based line where the problem is, when it has one.
    public let line: Int?
    /// The field concerned, when there is one.
    public let field: String?
    /// What is wrong, as a short phrase.
    public let problem: String

    /// Creates the error.
    public init(file: String, line: Int? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
    }

    /// `FILE:LINE: field "NAME": problem`, the form compilers use, so editors can jump to it.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "field \"\(field)\": " }
        return text + problem
    }
}

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
    /// The reader's parameter whose limit the data passed (`maximumRecordBytes`), when that is
    /// the problem, so a caller can say which of its own settings raises the limit.
    public let parameter: String?

    /// Creates the error.
    public init(file: String, line: Int? = nil, field: String? = nil, problem: String, parameter: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
        self.parameter = parameter
    }

    /// `FILE:LINE: field "NAME": problem`, the form compilers use, so editors can jump to it,
    /// followed by the parameter in parentheses when a limit was passed.
    public var description: String { description(namingParameter: { $0 }) }

    /// ``description`` with the parameter named as `name` gives it (a command-line flag, say).
    ///
    /// - Parameter name: Turns ``parameter`` into the name to show.
    /// - Returns: The one-line message.
    public func description(namingParameter name: (String) -> String) -> String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "field \"\(field)\": " }
        text += problem
        if let parameter { text += " (\(name(parameter)))" }
        return text
    }
}

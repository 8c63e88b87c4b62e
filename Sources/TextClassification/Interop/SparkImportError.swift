/// A Spark pipeline that cannot be imported: unreadable, inconsistent, or using a stage or an
/// option textclf does not reproduce (named in ``problem``).
public struct SparkImportError: Error, Equatable, CustomStringConvertible {
    /// The interchange file (or the model folder holding it).
    public let path: String
    /// What is wrong, naming the stage and parameter where there is one.
    public let problem: String

    /// Creates the error.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `path: problem`, one line.
    public var description: String { "\(path): \(problem)" }
}

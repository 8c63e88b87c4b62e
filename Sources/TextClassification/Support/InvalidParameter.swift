/// A parameter outside the values an estimator accepts, found before any work is done.
public struct InvalidParameter: Error, Equatable, CustomStringConvertible {
    /// The parameter's name, as in the API (`minDF`, `alpha`, `c`, …).
    public let name: String
    /// What was given.
    public let value: String
    /// What is accepted.
    public let requirement: String

    /// Creates the error.
    public init(name: String, value: String, requirement: String) {
        self.name = name
        self.value = value
        self.requirement = requirement
    }

    /// The message, one line.
    public var description: String { "\(name) must be \(requirement); got \(value)" }
}

/// A failure while fitting: the data cannot support the model asked for.
public struct TrainingError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, as one sentence.
    public let message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    /// The message, one line.
    public var description: String { message }
}

/// Parts that do not fit together into a model: a vocabulary with a repeated term, a field whose
/// weights have another width than the features, and the like. Thrown by the checked
/// initializers of the fitted types; the model-file reader reports it as a ``ModelFileError``.
public struct InconsistentModel: Error, Equatable, CustomStringConvertible {
    /// What does not fit, as one sentence.
    public let message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    /// The message, one line.
    public var description: String { message }
}

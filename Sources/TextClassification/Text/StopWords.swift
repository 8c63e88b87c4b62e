/// Our list of English stop words: articles, pronouns, auxiliaries, prepositions, conjunctions
/// and the commonest adverbs — words that carry grammar rather than subject.
///
/// Deliberately short and conservative: negations (`not`, `no`, `never`, `nor`) and words such as
/// `against`, `without` and `unless` are kept, because stance depends on them.
public enum StopWords {
    /// The words, lowercased, in the tokenizer's form (`don't`, not `dont`; no possessive `'s`,
    /// which the tokenizer drops, so “let’s” is covered by `let`).
    public static let english: [String] = [
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
        "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
        "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "me", "more", "most", "my", "myself", "of", "off", "on", "once", "only", "or",
        "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so",
        "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
        "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
        "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
        "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
        "he'd", "she'd", "they're", "we're", "you're", "i'm", "i've", "we've", "they've", "let", "via", "per", "upon", "yet", "still", "even",
        "however", "meanwhile", "whether", "though", "although", "among", "within",
    ]

    private static let table: TermTable = {
        var table = TermTable(capacity: english.count)
        for (index, word) in english.enumerated() {
            table.insert(TermHash.term(word), value: Int32(index))
        }
        return table
    }()

    /// Whether `word` is one of ``english``.
    public static func contains(_ word: String) -> Bool {
        containsHash(TermHash.term(word))
    }

    static func containsHash(_ hash: UInt64) -> Bool {
        table.value(for: hash) != nil
    }
}

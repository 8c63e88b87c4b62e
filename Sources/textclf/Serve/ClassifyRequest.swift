import Foundation
import TextClassification

/// The body of `POST /v1/classify`: exactly one of `text` (one document), `texts` (several) or
/// `documents` (several, each with an `id` to copy back), and optionally `top` as in
/// `classify --json --top K`.
///
/// Decoding checks every value and throws ``APIError`` (400) with a message naming the member
/// that is wrong, rather than the decoder's own description of coding paths.
struct ClassifyRequest: Decodable {
    /// What to classify.
    enum Input {
        case text(String)
        case texts([String])
        case documents([(id: JSON?, text: String)])
    }

    let input: Input
    /// As `--top`: above 1, each field's probabilities are listed most probable first.
    let top: Int

    /// How many documents the request holds.
    var documentCount: Int {
        switch input {
        case .text: 1
        case .texts(let texts): texts.count
        case .documents(let documents): documents.count
        }
    }

    private enum Key: String, CodingKey {
        case text, texts, documents, top, id
    }

    /// Decodes a request body, mapping the decoder's failures to 400s.
    static func decode(from body: [UInt8]) throws -> ClassifyRequest {
        if let text = singleText(in: body) { return ClassifyRequest(input: .text(text), top: 1) }
        do {
            return try JSONDecoder().decode(ClassifyRequest.self, from: Data(body))
        } catch let error as APIError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw APIError(.badRequest, "the body must be a JSON object, such as {\"text\": \"…\"}")
        } catch {
            throw APIError(.badRequest, "malformed JSON: the body does not parse")
        }
    }

    private init(input: Input, top: Int) {
        self.input = input
        self.top = top
    }

    /// The text of a body that is exactly `{"text": "…"}`, the common request, read with the
    /// library's JSON Lines reader; nil for anything else, which the decoder then reads and
    /// judges. (perf at 64 connections: `JSONDecoder` took 3.7% of the server's CPU, this path
    /// 1.3%.)
    private static func singleText(in body: [UInt8]) -> String? {
        guard body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
              let line = try? DocumentLine.parse(body[...], as: .jsonl, textField: "text", source: "", lineNumber: 1),
              line.otherFields.isEmpty
        else { return nil }
        return line.text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let given = [Key.text, .texts, .documents].filter(container.contains)
        guard given.count == 1 else {
            throw APIError(.badRequest, given.isEmpty
                ? "missing \"text\": send {\"text\": \"…\"}, {\"texts\": [\"…\"]} or {\"documents\": [{\"id\": …, \"text\": \"…\"}]}"
                : "give only one of \"text\", \"texts\" and \"documents\"")
        }
        switch given[0] {
        case .text:
            input = .text(try Self.string(in: container, forKey: .text, name: "\"text\""))
        case .texts:
            var elements = try Self.array(in: container, forKey: .texts, name: "\"texts\"")
            var texts: [String] = []
            while !elements.isAtEnd {
                let index = elements.currentIndex
                guard let text = try? elements.decode(String.self) else {
                    throw APIError(.badRequest, "\"texts\"[\(index)] must be a string")
                }
                texts.append(text)
            }
            input = .texts(texts)
        default:
            var elements = try Self.array(in: container, forKey: .documents, name: "\"documents\"")
            var documents: [(id: JSON?, text: String)] = []
            while !elements.isAtEnd {
                let name = "\"documents\"[\(elements.currentIndex)]"
                guard let document = try? elements.nestedContainer(keyedBy: Key.self) else {
                    throw APIError(.badRequest, "\(name) must be an object with a \"text\"")
                }
                let text = try Self.string(in: document, forKey: .text, name: "\(name).text")
                documents.append((try Self.id(in: document, name: "\(name).id"), text))
            }
            input = .documents(documents)
        }
        if container.contains(.top) {
            guard let top = try? container.decode(Int.self, forKey: .top), top >= 1 else {
                throw APIError(.badRequest, "\"top\" must be an integer of at least 1")
            }
            self.top = top
        } else {
            top = 1
        }
    }

    private static func string(in container: KeyedDecodingContainer<Key>, forKey key: Key, name: String) throws -> String {
        guard container.contains(key) else { throw APIError(.badRequest, "missing \(name)") }
        guard let value = try? container.decode(String.self, forKey: key) else {
            throw APIError(.badRequest, "\(name) must be a string")
        }
        return value
    }

    private static func array(in container: KeyedDecodingContainer<Key>, forKey key: Key, name: String) throws -> any UnkeyedDecodingContainer {
        guard let elements = try? container.nestedUnkeyedContainer(forKey: key) else {
            throw APIError(.badRequest, "\(name) must be an array")
        }
        return elements
    }

    /// A document's id, copied back as given: a string or an integer (JSON numbers with a
    /// fraction would not survive a round trip exactly, so they are refused).
    private static func id(in container: KeyedDecodingContainer<Key>, name: String) throws -> JSON? {
        guard container.contains(.id), (try? container.decodeNil(forKey: .id)) != true else { return nil }
        if let id = try? container.decode(String.self, forKey: .id) { return .string(id) }
        if let id = try? container.decode(Int.self, forKey: .id) { return .integer(id) }
        throw APIError(.badRequest, "\(name) must be a string or an integer")
    }
}

import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

/// JSON in and out of the management API.
enum AdminJSON {
    static let bodyLimit = 64 * 1024

    /// The request body decoded as `T`; a decoding failure names the field at fault.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: bodyLimit)
        } catch is NIOTooManyBytesError {
            throw GatewayError(.bodyTooLarge, "Management requests are limited to \(bodyLimit) bytes.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw GatewayError(decoding: error)
        }
    }

    /// `value` as a JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }

    /// A list in OpenAI's list shape.
    struct List<Item: Encodable>: Encodable {
        var object = "list"
        var data: [Item]
    }

    /// The answer to a DELETE.
    struct Deleted: Encodable {
        var id: String
        var object: String
        var deleted = true
    }
}

extension GatewayError {
    /// A body that is not the expected JSON, with the path of the field at fault.
    init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            self.init(.missingField, "Missing required field '\(field)'.", param: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            self.init(.invalidType, "'\(field)' has the wrong type; expected \(String(describing: type).lowercased()).", param: field)
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let field = path(context.codingPath)
            self.init(.invalidValue, "'\(field)' has an invalid value.", param: field)
        default:
            self.init(.invalidJSON, "The request body is not valid JSON.")
        }
    }
}

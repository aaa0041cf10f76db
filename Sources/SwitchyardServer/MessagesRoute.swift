import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardDialects
import SwitchyardGateway
import SwitchyardModel

/// `POST /v1/messages`: Anthropic Messages in, canonical through the same `ChatService`
/// path as chat completions (auth, routing, admission, ledger), Anthropic out — errors included.
struct MessagesRoute: Sendable {
    let service: ChatService
    let bodyLimit: Int

    func handle(_ request: Request, context: GatewayRequestContext) async -> Response {
        do {
            return try await serve(request, context: context)
        } catch {
            return AnthropicErrorResponse.make(GatewayError(serverError: error))
        }
    }

    private func serve(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        // Anthropic's SDK sends `x-api-key`; a bearer token works too.
        let key = request.headers[.anthropicAPIKey].flatMap { $0.isEmpty ? nil : $0 } ?? request.headers.bearerToken
        var callContext = CallContext(
            requestID: context.requestID, presentedKey: key, traceparent: context.traceparent ?? request.headers[.traceparent], receivedAt: context.receivedAt,
            forcedModel: request.headers[.switchyardForceModel].flatMap { $0.isEmpty ? nil : $0 }
        )
        if let text = request.headers[.switchyardMaxCost] {
            guard let limit = MicroDollars(dollars: text.trimmingCharacters(in: .whitespaces)) else {
                throw GatewayError(.invalidValue, "x-switchyard-max-cost must be a dollar amount like 0.01, got '\(text.prefix(40))'.", param: "max_cost")
            }
            callContext.maxCostMicroDollars = limit.value
        }
        let principal = try service.authenticate(callContext)
        if let version = request.headers[.anthropicVersion], !Self.isVersionDate(version) {
            throw GatewayError(.invalidValue, "anthropic-version must be a date like 2023-06-01, got '\(version.prefix(40))'.", param: "anthropic-version")
        }
        let body = try await request.collectBody(upTo: bodyLimit)
        let chat = try AnthropicRequestDecoder.decode(body)
        let service = self.service
        let fixedContext = callContext
        if chat.stream {
            let outcome = try await cancellingOnDisconnect(context.connectionClosed) {
                try await service.stream(chat, principal: principal, context: fixedContext)
            }
            return AnthropicSSEResponse.make(outcome, headers: OutcomeHeaders.make(outcome, context: context, contentType: "text/event-stream", metrics: service.metrics))
        }
        let outcome = try await cancellingOnDisconnect(context.connectionClosed) {
            try await service.complete(chat, principal: principal, context: fixedContext)
        }
        return Response(
            status: .ok, headers: OutcomeHeaders.make(outcome, context: context, contentType: "application/json", metrics: service.metrics),
            body: ResponseBody(byteBuffer: AnthropicResponseEncoder.message(outcome.body))
        )
    }

    /// `POST /v1/messages/count_tokens`: the prompt's tokens with the model's tokenizer, as `{"input_tokens": N}`.
    func countTokens(_ request: Request, context: GatewayRequestContext) async -> Response {
        do {
            let key = request.headers[.anthropicAPIKey].flatMap { $0.isEmpty ? nil : $0 } ?? request.headers.bearerToken
            _ = try service.authenticate(CallContext(requestID: context.requestID, presentedKey: key))
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: bodyLimit)
            } catch is NIOTooManyBytesError {
                throw GatewayError.bodyTooLarge(limit: bodyLimit)
            }
            let (model, messages) = try AnthropicCountTokensDecoder.decode(body)
            let tokens = try service.countTokens(model: model, input: .messages(messages)).tokens
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"input_tokens":\#(tokens)}"#)))
        } catch {
            return AnthropicErrorResponse.make(GatewayError(serverError: error))
        }
    }

    /// `YYYY-MM-DD`, the form of every Anthropic API version.
    static func isVersionDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

/// Error responses in Anthropic's shape, with `retry-after` and rate-limit headers.
enum AnthropicErrorResponse {
    static func make(_ error: GatewayError) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = error.retryAfterSeconds { headers[.retryAfter] = String(retryAfter) }
        headers.set(error.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return Response(status: .init(code: error.status), headers: headers, body: ResponseBody(byteBuffer: AnthropicResponseEncoder.error(error)))
    }
}

extension HTTPField.Name {
    static let anthropicAPIKey = Self("x-api-key")!
    static let anthropicVersion = Self("anthropic-version")!
}

import Foundation
import SwitchyardModel

/// Accepts the master key and every live key of the access directory.
public struct KeyAuthenticator: Authenticator {
    let master: MasterKeyAuthenticator
    let directory: AccessDirectory
    let nowMillis: @Sendable () -> Int64

    public init(
        masterKey: String, directory: AccessDirectory,
        nowMillis: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) {
        master = MasterKeyAuthenticator(masterKey: masterKey)
        self.directory = directory
        self.nowMillis = nowMillis
    }

    public func authenticate(_ presentedKey: String?) throws(GatewayError) -> Principal {
        guard let presentedKey, !presentedKey.isEmpty else { throw .missingKey }
        if master.matches(presentedKey) { return try master.authenticate(presentedKey) }
        // Looked up by digest: comparing digests reveals nothing about the key's characters.
        let hash = KeySecret.hex(KeySecret.digest(of: presentedKey))
        return try directory.principal(hash: hash, presented: presentedKey, nowMillis: nowMillis())
    }
}

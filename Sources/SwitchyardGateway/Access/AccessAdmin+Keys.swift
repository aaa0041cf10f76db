import SwitchyardModel
import SwitchyardStorage

extension AccessAdmin {
    /// Creates a key; the returned view is the only place its secret ever appears.
    public func createKey(_ input: KeyInput) async throws(GatewayError) -> KeyView {
        guard let accountID = input.accountID else { throw GatewayError(.missingField, "Missing required field 'account_id'.", param: "account_id") }
        guard let planID = input.planID else { throw GatewayError(.missingField, "Missing required field 'plan_id'.", param: "plan_id") }
        _ = try AdminValidation.found(directory.account(accountID), "account", accountID, param: "account_id")
        _ = try AdminValidation.found(directory.plan(planID), "plan", planID, param: "plan_id")
        let overrides = try input.overrides.map { overrides throws(GatewayError) in
            try AdminValidation.limits(overrides, param: "overrides", modelExists: modelExists)
        }
        let now = nowMillis()
        let secret = KeySecret.generate()
        let id = try AdminValidation.newID(nil, prefix: "key", taken: directory.key)
        let key = APIKey(
            id: id, accountID: accountID, planID: planID, name: try AdminValidation.label(input.name), prefix: KeySecret.prefix(of: secret),
            keyHash: KeySecret.hex(KeySecret.digest(of: secret)), overrides: overrides, metadata: input.metadata ?? [:],
            expiresAtMillis: try AdminValidation.expiry(input, now: now), createdAtMillis: now
        )
        try await commit(.saveKey(key))
        return KeyView(key: key, status: "active", secret: secret)
    }

    /// Keys, optionally of one account, in creation order.
    public func keys(accountID: String?) -> [KeyView] {
        directory.snapshot.keys.filter { accountID == nil || $0.accountID == accountID }.map(view)
    }

    public func key(_ id: String) throws(GatewayError) -> KeyView {
        view(try AdminValidation.found(directory.key(id), "key", id))
    }

    /// Changes a key's name, plan, overrides, metadata or expiry; takes effect on its next request.
    public func updateKey(_ id: String, _ input: KeyInput) async throws(GatewayError) -> KeyView {
        var key = try AdminValidation.found(directory.key(id), "key", id)
        if input.accountID != nil, input.accountID != key.accountID {
            throw GatewayError(.invalidValue, "A key cannot move to another account; create a new key instead.", param: "account_id")
        }
        if let name = input.name { key.name = try AdminValidation.label(name) }
        if let planID = input.planID {
            _ = try AdminValidation.found(directory.plan(planID), "plan", planID, param: "plan_id")
            key.planID = planID
        }
        if let overrides = input.overrides { key.overrides = try AdminValidation.limits(overrides, param: "overrides", modelExists: modelExists) }
        if let metadata = input.metadata { key.metadata = metadata }
        if let expiry = try AdminValidation.expiry(input, now: nowMillis()) { key.expiresAtMillis = expiry }
        try await commit(.saveKey(key))
        return view(key)
    }

    /// Revokes a key: refused from its very next request. Revoking twice keeps the first time.
    public func revokeKey(_ id: String) async throws(GatewayError) -> KeyView {
        var key = try AdminValidation.found(directory.key(id), "key", id)
        if key.revokedAtMillis == nil {
            key.revokedAtMillis = nowMillis()
            try await commit(.saveKey(key))
        }
        return view(key)
    }

    nonisolated func view(_ key: APIKey) -> KeyView {
        let status = key.revokedAtMillis != nil ? "revoked" : (key.expiresAtMillis.map { $0 <= nowMillis() } == true ? "expired" : "active")
        return KeyView(key: key, status: status, secret: nil)
    }

    // MARK: credits and usage

    /// Adds a grant, top-up or adjustment to an account's credit history.
    public func addCredit(accountID: String, _ input: CreditInput) async throws(GatewayError) -> CreditStatement {
        _ = try AdminValidation.found(directory.account(accountID), "account", accountID)
        let kind = input.kind ?? .grant
        guard kind != .deduction else {
            throw GatewayError(.invalidValue, "Deductions are written by the gateway for each request; use 'adjustment' for a manual correction.", param: "kind")
        }
        guard input.amountMicrodollars != 0, kind == .adjustment || input.amountMicrodollars > 0 else {
            throw GatewayError(.invalidValue, "'amount_microdollars' must be positive for grants and top-ups, and non-zero for adjustments.", param: "amount_microdollars")
        }
        let entry = CreditEntry(accountID: accountID, kind: kind, amountMicrodollars: input.amountMicrodollars, note: input.note, createdAtMillis: nowMillis())
        do {
            _ = try await store.appendCredit(entry)
        } catch {
            throw GatewayError(.internalError, "The credit entry could not be stored.")
        }
        admission.addCredit(account: accountID, microDollars: input.amountMicrodollars)
        return try await credits(accountID: accountID)
    }

    /// An account's balance (the sum of its entries, rows still queued for the ledger included) and history.
    public func credits(accountID: String) async throws(GatewayError) -> CreditStatement {
        _ = try AdminValidation.found(directory.account(accountID), "account", accountID)
        await flushLedger()
        do {
            let entries = try await store.creditEntries(accountID: accountID)
            let reserved = admission.credit(account: accountID)?.reserved ?? 0
            return CreditStatement(accountID: accountID, balanceMicrodollars: entries.reduce(0) { $0 + $1.amountMicrodollars }, reservedMicrodollars: reserved, entries: entries)
        } catch {
            throw GatewayError(.internalError, "The credit history could not be read.")
        }
    }

    /// Usage totals or series; rows settled a moment ago are flushed first, so the answer includes them.
    public func usage(_ query: UsageQuery) async throws(GatewayError) -> [UsageSeriesRow] {
        await flushLedger()
        do {
            return try await ledger.usage(query)
        } catch {
            throw GatewayError(.internalError, "The usage ledger could not be read.")
        }
    }
}

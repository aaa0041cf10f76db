/// Byte-pair encoding of one pre-tokenized piece, by tiktoken's rule: start from single bytes and
/// repeatedly merge the adjacent pair whose concatenation has the lowest rank (the leftmost such
/// pair on a tie) until no adjacent pair is a token.
///
/// Pieces up to ``linearLimit`` bytes rescan their pair ranks after each merge (fast for short
/// pieces); longer ones keep the candidate pairs in a ``MergeCandidateHeap`` ordered by (rank,
/// offset), which makes the same choices in O(n log n).
struct BytePairMerger {
    let table: BPERankTable

    /// The longest piece merged by rescanning.
    static let linearLimit = 256

    /// One part of a piece being merged: where it starts and the rank of it joined with the next part.
    private struct Part {
        var start: Int32
        var pairRank: UInt32
    }

    /// Appends the token ids of the `length` bytes at `start` (length ≥ 1) to `tokens`.
    @inline(__always)
    func encode(_ start: UnsafePointer<UInt8>, length: Int, into tokens: inout [Int]) {
        if length == 1 { return tokens.append(Int(table.rank(ofByte: start[0]))) }
        let whole = table.rank(of: start, length: length)
        if whole != BPERankTable.absent { return tokens.append(Int(whole)) }
        if length > Self.linearLimit {
            for (offset, end) in heapMergedParts(start, length: length) {
                tokens.append(Int(table.rank(of: start + offset, length: end - offset)))
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Part.self, capacity: length + 1) { parts in
            let boundaries = mergeByRescanning(start, length: length, parts: parts.baseAddress!)
            for index in 0..<(boundaries - 1) {
                let offset = Int(parts[index].start)
                tokens.append(Int(table.rank(of: start + offset, length: Int(parts[index + 1].start) - offset)))
            }
        }
    }

    /// The number of tokens the `length` bytes at `start` (length ≥ 1) encode to.
    @inline(__always)
    func count(_ start: UnsafePointer<UInt8>, length: Int) -> Int {
        if length == 1 || table.rank(of: start, length: length) != BPERankTable.absent { return 1 }
        if length > Self.linearLimit { return heapMergedParts(start, length: length).count }
        return withUnsafeTemporaryAllocation(of: Part.self, capacity: length + 1) { parts in
            mergeByRescanning(start, length: length, parts: parts.baseAddress!) - 1
        }
    }

    /// Merges in `parts` (capacity `length + 1`) and returns how many part boundaries remain; the
    /// last boundary is `length` itself, so the piece ends up as that many minus one tokens.
    @inline(__always)
    private func mergeByRescanning(_ start: UnsafePointer<UInt8>, length: Int, parts: UnsafeMutablePointer<Part>) -> Int {
        for offset in 0..<(length - 1) {
            parts[offset] = Part(start: Int32(offset), pairRank: table.rank(of: start + offset, length: 2))
        }
        parts[length - 1] = Part(start: Int32(length - 1), pairRank: BPERankTable.absent)
        parts[length] = Part(start: Int32(length), pairRank: BPERankTable.absent)
        var boundaries = length + 1
        // The rank of parts[index] joined with parts[index + 1], once they are neighbours.
        func pairRank(_ index: Int) -> UInt32 {
            guard index + 2 < boundaries else { return BPERankTable.absent }
            let offset = Int(parts[index].start)
            return table.rank(of: start + offset, length: Int(parts[index + 2].start) - offset)
        }
        while true {
            var best = BPERankTable.absent
            var bestIndex = 0
            for index in 0..<(boundaries - 2) where parts[index].pairRank < best {
                best = parts[index].pairRank
                bestIndex = index
            }
            if best == BPERankTable.absent { break }
            (parts + bestIndex + 1).update(from: parts + bestIndex + 2, count: boundaries - bestIndex - 2)
            boundaries -= 1
            parts[bestIndex].pairRank = pairRank(bestIndex)
            if bestIndex > 0 { parts[bestIndex - 1].pairRank = pairRank(bestIndex - 1) }
        }
        return boundaries
    }

    /// Merges a long piece with a heap of candidate pairs; returns the final parts as byte ranges.
    private func heapMergedParts(_ start: UnsafePointer<UInt8>, length: Int) -> [(start: Int, end: Int)] {
        precondition(length < Int(UInt32.max), "a single piece of 4 GiB or more")
        // Parts form a linked list over their start offsets; `length` is the end sentinel. A part
        // that was merged into its left neighbour gets `pairRank` = `merged`.
        let next = UnsafeMutablePointer<Int>.allocate(capacity: length + 1)
        let previous = UnsafeMutablePointer<Int>.allocate(capacity: length + 1)
        let pairRank = UnsafeMutablePointer<UInt32>.allocate(capacity: length + 1)
        // Each merge pushes at most two candidates, and there are fewer than `length` merges.
        var heap = MergeCandidateHeap(capacity: 3 * length)
        defer {
            next.deallocate()
            previous.deallocate()
            pairRank.deallocate()
            heap.deallocate()
        }
        let merged = BPERankTable.absent - 1
        for offset in 0...length {
            next[offset] = offset + 1
            previous[offset] = offset - 1
        }
        func rankOfPair(at offset: Int) -> UInt32 {
            let partner = next[offset]
            guard partner < length else { return BPERankTable.absent }
            return table.rank(of: start + offset, length: next[partner] - offset)
        }
        for offset in 0..<length {
            pairRank[offset] = rankOfPair(at: offset)
            if pairRank[offset] != BPERankTable.absent { heap.append(rank: pairRank[offset], offset: offset) }
        }
        heap.heapify()
        while let (rank, offset) = heap.popMin() {
            guard pairRank[offset] == rank else { continue }  // an outdated candidate
            let absorbed = next[offset]
            pairRank[absorbed] = merged
            next[offset] = next[absorbed]
            previous[next[absorbed]] = offset
            pairRank[offset] = rankOfPair(at: offset)
            if pairRank[offset] != BPERankTable.absent { heap.push(rank: pairRank[offset], offset: offset) }
            let before = previous[offset]
            if before >= 0 {
                pairRank[before] = rankOfPair(at: before)
                if pairRank[before] != BPERankTable.absent { heap.push(rank: pairRank[before], offset: before) }
            }
        }
        var parts: [(start: Int, end: Int)] = []
        var offset = 0
        while offset < length {
            parts.append((offset, next[offset]))
            offset = next[offset]
        }
        return parts
    }
}

/// A set of terms that is emptied in O(1) by starting a new generation: each term's slot
/// holds the generation that last inserted it. Walks over the term DAG use it to visit
/// each term once per walk without clearing a per-term array every time.
struct GenerationStamps {
  private var stamps: [UInt32] = []
  private var generation: UInt32 = 1

  /// Empties the set. (On the counter's wrap-around every slot is cleared once.)
  mutating func removeAll() {
    generation &+= 1
    if generation == 0 {
      for i in stamps.indices { stamps[i] = 0 }
      generation = 1
    }
  }

  /// Whether `t` was inserted since the last ``removeAll()``.
  @inline(__always)
  func contains(_ t: Term) -> Bool {
    Int(t.id) < stamps.count && stamps[Int(t.id)] == generation
  }

  /// Inserts `t` (terms created since the last call are welcome: the slots grow).
  @inline(__always)
  mutating func insert(_ t: Term) {
    if Int(t.id) >= stamps.count {
      stamps.append(contentsOf: repeatElement(0, count: Int(t.id) + 1 - stamps.count))
    }
    stamps[Int(t.id)] = generation
  }
}

extension JSONObject {
  /// The member names of an object, in order, each different from the others by its code
  /// points.
  ///
  /// ``contains(_:)`` and ``firstIndex(of:)`` compare UTF-8 bytes (code points), never
  /// canonical equivalence: `keys.contains("e\u{301}")` is false for an object that only
  /// has `"\u{E9}"`. Objects of more than ``indexThreshold`` members carry a hash index
  /// over the names' bytes, shared by copies (and by the objects the parser built with the
  /// same names).
  ///
  /// `@unchecked Sendable`: the index (a `ManagedBuffer`, which the standard library
  /// declares non-`Sendable`) is never changed while another reference to it exists
  /// (``append(uncheckedNew:)`` checks `isKnownUniquelyReferenced` first), so copies on
  /// other threads only read it.
  public struct Keys: RandomAccessCollection, @unchecked Sendable {
    /// The names (possibly shared with other objects).
    @usableFromInline
    var names: ContiguousArray<String>
    /// The hash index of `names`: present exactly when there are more than
    /// ``indexThreshold`` names.
    @usableFromInline
    var table: JSONNameTable?

    /// Objects with more members than this have a hash index; smaller ones are scanned.
    public static let indexThreshold = 16

    /// No names.
    @inlinable
    init() {
      names = []
      table = nil
    }

    /// These names (distinct by their bytes, not checked), with their index when they are
    /// more than ``indexThreshold``.
    ///
    /// - Complexity: O(n) expected.
    init(uncheckedUniqueNames names: ContiguousArray<String>) {
      self.names = names
      table = names.count > Self.indexThreshold ? JSONNameTable.build(names) : nil
    }

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// The number of names.
    @inlinable public var endIndex: Int { names.count }
    /// The number of names.
    @inlinable public var count: Int { names.count }
    /// Whether there are no names.
    @inlinable public var isEmpty: Bool { names.isEmpty }
    /// `startIndex..<endIndex`.
    @inlinable public var indices: Range<Int> { 0..<names.count }
    /// The position after `i`.
    @inlinable public func index(after i: Int) -> Int { i &+ 1 }
    /// The position before `i`.
    @inlinable public func index(before i: Int) -> Int { i &- 1 }

    /// The name at `position`.
    @inlinable
    public subscript(position: Int) -> String { names[position] }

    /// The position of `name` (exactly these code points), or nil.
    ///
    /// - Parameter name: the member name.
    /// - Returns: its position.
    /// - Complexity: O(1) expected with an index; else O(n), comparing byte counts first.
    @inlinable
    public func firstIndex(of name: String) -> Int? {
      if let table { return table.position(of: name, in: names) }
      return names.withUnsafeBufferPointer { names in
        var i = 0
        while i < names.count {
          if JSONObject.sameName(names[i], name) { return i }
          i &+= 1
        }
        return nil
      }
    }

    /// Whether `name` (exactly these code points) is a member name.
    ///
    /// - Parameter name: the member name.
    /// - Complexity: as ``firstIndex(of:)``.
    @inlinable
    public func contains(_ name: String) -> Bool { firstIndex(of: name) != nil }

    /// Exact lookup for generic algorithms (`contains(_:)` on `some Collection<String>`).
    @inlinable
    public func _customContainsEquatableElement(_ element: String) -> Bool? { contains(element) }

    /// Exact lookup for generic algorithms (`firstIndex(of:)` on `some Collection<String>`).
    @inlinable
    public func _customIndexOfEquatableElement(_ element: String) -> Int?? { .some(firstIndex(of: element)) }

    /// Exact lookup for generic algorithms (`lastIndex(of:)`): names are unique.
    @inlinable
    public func _customLastIndexOfEquatableElement(_ element: String) -> Int?? { .some(firstIndex(of: element)) }

    /// Calls `body` with the names as a buffer (valid only during the call).
    ///
    /// - Parameter body: reads the names.
    /// - Returns: what `body` returns (never nil storage: the names are contiguous).
    @inlinable
    public func withContiguousStorageIfAvailable<R>(
      _ body: (UnsafeBufferPointer<String>) throws -> R
    ) rethrows -> R? {
      try names.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the names as a buffer (valid only during the call).
    ///
    /// - Parameter body: reads the names.
    /// - Returns: what `body` returns.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<String>) throws -> R) rethrows -> R {
      try names.withUnsafeBufferPointer(body)
    }

    /// Appends `name`, which the caller knows is not among the names.
    @usableFromInline
    mutating func append(uncheckedNew name: String) {
      names.append(name)
      if names.count <= Self.indexThreshold { return }
      if var existing = table {
        table = nil
        if isKnownUniquelyReferenced(&existing) && existing.insert(name, at: names.count &- 1) {
          table = existing
          return
        }
      }
      table = JSONNameTable.build(names)
    }

    /// Removes and returns the name at `position`; the index is rebuilt (or dropped).
    mutating func remove(at position: Int) -> String {
      let name = names.remove(at: position)
      table = names.count > Self.indexThreshold ? JSONNameTable.build(names) : nil
      return name
    }

    /// Removes every name.
    mutating func removeAll(keepingCapacity: Bool) {
      names.removeAll(keepingCapacity: keepingCapacity)
      table = nil
    }
  }
}

extension JSONObject {
  /// Whether two member names have the same code points (the same UTF-8 bytes).
  ///
  /// Two strings with the same bits (the same small string, or the same storage) are equal
  /// at once; otherwise the byte counts, then the bytes, are compared. Never `String ==`,
  /// which equates canonically equivalent strings.
  @inlinable
  @inline(__always)
  static func sameName(_ a: String, _ b: String) -> Bool {
    #if _pointerBitWidth(_64)
      // Bit-identical strings (two words on 64-bit platforms) have identical contents.
      if unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self) { return true }
    #endif
    guard a.utf8.count == b.utf8.count else { return false }
    return sameBytes(a, b)
  }

  /// Whether `a` and `b`, of equal UTF-8 counts, have the same bytes.
  @usableFromInline
  static func sameBytes(_ a: String, _ b: String) -> Bool {
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
      b.utf8.withContiguousStorageIfAvailable { y in equalBytes(x, y) }
    }
    if let fast = fast ?? nil { return fast }
    return a.utf8.elementsEqual(b.utf8)
  }

  /// Whether `name` has exactly the bytes `utf8`.
  @inline(__always)
  static func sameName(_ name: String, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    guard name.utf8.count == utf8.count else { return false }
    if let fast = name.utf8.withContiguousStorageIfAvailable({ equalBytes($0, utf8) }) { return fast }
    return name.utf8.elementsEqual(utf8)
  }

  /// Whether two buffers of the same count hold the same bytes (8 at a time).
  @inline(__always)
  static func equalBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == y.count }
    let count = x.count
    var i = 0
    while i &+ 8 <= count {
      let a = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
      let b = UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self)
      if a != b { return false }
      i &+= 8
    }
    while i < count {
      if p[i] != q[i] { return false }
      i &+= 1
    }
    return true
  }
}

/// A JSON object: its members in document order, member names unique and compared code
/// point by code point.
///
/// RFC 8259 and JSON Schema compare member names by their code points, so `"é"` (U+00E9)
/// and `"e\u{301}"` (`e` and a combining acute accent) are two different members. Swift's
/// `String ==` and `String` hashing use canonical equivalence, which would make them one:
/// a `Dictionary` or `OrderedDictionary` keyed by `String` cannot hold both. `JSONObject`
/// compares names by their UTF-8 bytes (equal bytes are equal code points), so both members
/// keep their values and each spelling finds only its own member.
///
/// The API follows swift-collections' `OrderedDictionary`: a keyed subscript, ``keys``
/// and ``values`` views, ``updateValue(_:forKey:)``, ``removeValue(forKey:)``,
/// ``index(forKey:)``. Unlike `OrderedDictionary`, the object is itself a random-access
/// collection of `(key:, value:)` pairs with `Int` positions, a dictionary literal with a
/// repeated name keeps the last value instead of trapping, and ``==`` is JSON equality
/// (members as an unordered set, names and strings by code points, numbers by value).
///
/// ```swift
/// var object: JSONObject = ["\u{E9}": 1, "e\u{301}": 2]
/// object.count            // 2
/// object["e\u{301}"]      // 2
/// object["\u{E9}"] = nil  // removes the first member only
/// ```
///
/// Storage: the names, the values and (from 17 members on) a hash index over the names'
/// UTF-8 bytes, each copy-on-write. The parser hands one names storage (with its index) to
/// every object that has the same names in the same order, so an array of records
/// allocates only each record's values. Objects of up to 16 members are searched linearly,
/// comparing byte counts first.
public struct JSONObject: Sendable {
  /// The names, in order (possibly shared with other objects).
  @usableFromInline
  var _keys: Keys
  /// `_values[i]` is the value of `_keys.names[i]`.
  @usableFromInline
  var _values: ContiguousArray<JSONValue>

  /// An empty object.
  @inlinable
  public init() {
    _keys = Keys()
    _values = []
  }

  /// An empty object with room for `minimumCapacity` members.
  ///
  /// - Parameter minimumCapacity: the number of members to reserve storage for.
  public init(minimumCapacity: Int) {
    self.init()
    reserveCapacity(minimumCapacity)
  }

  /// An object with these names (distinct by their bytes) and values, without checking.
  ///
  /// - Parameters:
  ///   - keys: the names, each different from the others; the hash index must be built
  ///     (``Keys/init(uncheckedUniqueNames:)`` does).
  ///   - values: `values[i]` is the value of the `i`-th name (same count as `keys`).
  @inlinable
  init(uncheckedUniqueKeys keys: Keys, values: ContiguousArray<JSONValue>) {
    _keys = keys
    _values = values
  }

  /// An object made of these members in this order; a repeated name keeps its first
  /// position and its last value.
  ///
  /// - Parameter members: name–value pairs.
  /// - Complexity: O(n) expected.
  public init(_ members: some Sequence<(key: String, value: JSONValue)>) {
    self.init()
    for (key, value) in members { updateValue(value, forKey: key) }
  }

  /// Reserves storage for `minimumCapacity` members.
  ///
  /// - Parameter minimumCapacity: the number of members to reserve storage for.
  public mutating func reserveCapacity(_ minimumCapacity: Int) {
    _keys.names.reserveCapacity(minimumCapacity)
    _values.reserveCapacity(minimumCapacity)
  }
}

// MARK: - Lookup

extension JSONObject {
  /// The position of the member named `key` (exactly these code points), or nil.
  ///
  /// - Parameter key: the member name.
  /// - Returns: the member's position, from 0 in document order.
  /// - Complexity: O(1) expected from 17 members on; a linear scan of the names of
  ///   smaller objects, comparing byte counts first.
  @inlinable
  public func index(forKey key: String) -> Int? {
    _keys.firstIndex(of: key)
  }

  /// The value of the member named `key` (exactly these code points), or nil; setting
  /// `nil` removes the member, setting a value replaces it in place or appends a member.
  ///
  /// - Parameter key: the member name.
  /// - Complexity: get and replace as ``index(forKey:)``; append amortized O(1), except
  ///   that the first change to names shared with another object copies them (O(n));
  ///   removal O(n).
  @inlinable
  public subscript(key: String) -> JSONValue? {
    get {
      guard let i = index(forKey: key) else { return nil }
      return _values[i]
    }
    set {
      if let newValue {
        updateValue(newValue, forKey: key)
      } else {
        removeValue(forKey: key)
      }
    }
  }

  /// The value of the member named `key`, or `defaultValue()` when there is none; setting
  /// it adds the member if needed.
  ///
  /// - Parameters:
  ///   - key: the member name.
  ///   - defaultValue: the value read when the object has no member named `key`.
  /// - Complexity: as ``subscript(_:)``.
  @inlinable
  public subscript(key: String, default defaultValue: @autoclosure () -> JSONValue) -> JSONValue {
    get { self[key] ?? defaultValue() }
    set { updateValue(newValue, forKey: key) }
  }
}

// MARK: - Mutation

extension JSONObject {
  /// Sets the value of the member named `key`: replaces it in place, or appends a new
  /// member at the end.
  ///
  /// - Parameters:
  ///   - value: the new value.
  ///   - key: the member name (compared by code points).
  /// - Returns: the old value, or nil when the member was added.
  /// - Complexity: replacing as ``index(forKey:)``; appending amortized O(1) (O(n) for
  ///   the first change to names shared with another object).
  @inlinable
  @discardableResult
  public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
    if let i = index(forKey: key) {
      let old = _values[i]
      _values[i] = value
      return old
    }
    _keys.append(uncheckedNew: key)
    _values.append(value)
    return nil
  }

  /// Removes the member named `key`.
  ///
  /// - Parameter key: the member name (compared by code points).
  /// - Returns: its value, or nil when there was no such member.
  /// - Complexity: O(n).
  @inlinable
  @discardableResult
  public mutating func removeValue(forKey key: String) -> JSONValue? {
    guard let i = index(forKey: key) else { return nil }
    return remove(at: i).value
  }

  /// Removes the member at `position`; the later members move up by one.
  ///
  /// - Parameter position: a valid position.
  /// - Returns: the removed member.
  /// - Complexity: O(n).
  @discardableResult
  public mutating func remove(at position: Int) -> (key: String, value: JSONValue) {
    let key = _keys.remove(at: position)
    return (key, _values.remove(at: position))
  }

  /// Removes every member.
  ///
  /// - Parameter keepCapacity: whether to keep the storage for reuse.
  public mutating func removeAll(keepingCapacity keepCapacity: Bool = false) {
    _keys.removeAll(keepingCapacity: keepCapacity)
    _values.removeAll(keepingCapacity: keepCapacity)
  }

  /// The members for which `isIncluded` holds, in order.
  ///
  /// - Parameter isIncluded: decides each member.
  /// - Returns: an object of those members.
  /// - Complexity: O(n).
  public func filter(
    _ isIncluded: ((key: String, value: JSONValue)) throws -> Bool
  ) rethrows -> JSONObject {
    var result = JSONObject()
    for i in 0..<count where try isIncluded((_keys.names[i], _values[i])) {
      result._keys.append(uncheckedNew: _keys.names[i])
      result._values.append(_values[i])
    }
    return result
  }

  /// The same names, each value transformed.
  ///
  /// - Parameter transform: maps each value.
  /// - Returns: an object sharing this one's names.
  /// - Complexity: O(n).
  public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
    var values = ContiguousArray<JSONValue>()
    values.reserveCapacity(count)
    for value in _values { values.append(try transform(value)) }
    return JSONObject(uncheckedUniqueKeys: _keys, values: values)
  }
}

// MARK: - Views

extension JSONObject {
  /// The member names, in order.
  ///
  /// `keys.contains(_:)` and `keys.firstIndex(of:)` compare code points, like every
  /// lookup of the object.
  @inlinable
  public var keys: Keys { _keys }

  /// The member values, in order; a value can be replaced in place (`values[i] = v`).
  @inlinable
  public var values: Values {
    get { Values(_storage: _values) }
    _modify {
      var view = Values(_storage: _values)
      _values = []
      defer { _values = view._storage }
      yield &view
    }
  }

  /// The members as `(key:, value:)` pairs (the object itself; for code written against
  /// `OrderedDictionary`).
  @inlinable
  public var elements: JSONObject { self }

  /// The values of an object, in member order: a random-access, mutable collection whose
  /// count cannot change.
  public struct Values: RandomAccessCollection, MutableCollection, Sendable {
    @usableFromInline
    var _storage: ContiguousArray<JSONValue>

    @inlinable
    init(_storage: ContiguousArray<JSONValue>) { self._storage = _storage }

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// The number of values.
    @inlinable public var endIndex: Int { _storage.count }
    /// The number of values.
    @inlinable public var count: Int { _storage.count }
    /// The position after `i`.
    @inlinable public func index(after i: Int) -> Int { i &+ 1 }
    /// The position before `i`.
    @inlinable public func index(before i: Int) -> Int { i &- 1 }
    /// `startIndex..<endIndex`.
    @inlinable public var indices: Range<Int> { 0..<_storage.count }

    /// The value at `position`.
    @inlinable
    public subscript(position: Int) -> JSONValue {
      get { _storage[position] }
      _modify { yield &_storage[position] }
    }

    /// Calls `body` with the values as a buffer (valid only during the call).
    ///
    /// - Parameter body: reads the values.
    /// - Returns: what `body` returns.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<JSONValue>) throws -> R) rethrows -> R {
      try _storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the values as a buffer (valid only during the call).
    @inlinable
    public func withContiguousStorageIfAvailable<R>(
      _ body: (UnsafeBufferPointer<JSONValue>) throws -> R
    ) rethrows -> R? {
      try _storage.withUnsafeBufferPointer(body)
    }
  }
}

// MARK: - Collection

extension JSONObject: RandomAccessCollection {
  /// A member: its name and its value.
  public typealias Element = (key: String, value: JSONValue)
  /// Members are numbered from 0 in order.
  public typealias Index = Int
  /// `startIndex..<endIndex`.
  public typealias Indices = Range<Int>

  /// 0.
  @inlinable public var startIndex: Int { 0 }
  /// The number of members.
  @inlinable public var endIndex: Int { _values.count }
  /// The number of members.
  @inlinable public var count: Int { _values.count }
  /// Whether the object has no members.
  @inlinable public var isEmpty: Bool { _values.isEmpty }
  /// `startIndex..<endIndex`.
  @inlinable public var indices: Range<Int> { 0..<_values.count }
  /// The position after `i`.
  @inlinable public func index(after i: Int) -> Int { i &+ 1 }
  /// The position before `i`.
  @inlinable public func index(before i: Int) -> Int { i &- 1 }

  /// The member at `position`.
  @inlinable
  public subscript(position: Int) -> Element {
    (_keys.names[position], _values[position])
  }
}

// MARK: - Literals and description

extension JSONObject: ExpressibleByDictionaryLiteral {
  /// The members of the literal in order; a repeated name keeps its first position and its
  /// last value (`OrderedDictionary` would trap).
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self.init()
    reserveCapacity(elements.count)
    for (key, value) in elements { updateValue(value, forKey: key) }
  }
}

extension JSONObject: CustomStringConvertible {
  /// The compact JSON serialization.
  public var description: String { JSONSerializer.serialize(.object(self)) }
}

/// A growable stack in manually managed memory, for the parser's hot loops.
///
/// Unlike `Array`, a push does no uniqueness check, and popping a run of elements moves
/// them out (no retain/release per element). The owner calls ``release()`` exactly once,
/// whether parsing succeeded or threw.
struct UnsafeStack<Element> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private(set) var capacity: Int

  init(capacity: Int) {
    self.capacity = Swift.max(capacity, 4)
    base = .allocate(capacity: self.capacity)
  }

  @inline(__always)
  mutating func push(_ element: consuming Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count += 1
  }

  @inline(never)
  private mutating func grow() {
    let newCapacity = capacity * 2
    let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    newBase.moveInitialize(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  /// The element on top; the stack must not be empty.
  @inline(__always)
  var top: Element {
    get { base[count - 1] }
    nonmutating _modify { yield &base[count - 1] }
  }

  /// The element at `index` (0 is the bottom).
  @inline(__always)
  subscript(index: Int) -> Element {
    get { base[index] }
    nonmutating _modify { yield &base[index] }
  }

  /// Removes and returns the top element; the stack must not be empty.
  @inline(__always)
  mutating func pop() -> Element {
    count -= 1
    return (base + count).move()
  }

  /// Moves the elements from `start` to the top into a new `Array`, bottom first, and pops
  /// them.
  ///
  /// Built with `reserveCapacity` and `append`: those are specialised for `Element`,
  /// whereas `init(unsafeUninitializedCapacity:)` looks up the storage's generic
  /// metadata at run time on every call (measured: ~800 instructions per array).
  @inline(__always)
  mutating func popArray(from start: Int) -> [Element] {
    var array: [Element] = []
    array.reserveCapacity(count - start)
    for i in start..<count {
      array.append((base + i).move())
    }
    count = start
    return array
  }

  /// Like ``popArray(from:)``, into a `ContiguousArray`, each element through `transform`.
  @inline(__always)
  mutating func popAll<T>(from start: Int, _ transform: (consuming Element) -> T) -> ContiguousArray<T> {
    var array: ContiguousArray<T> = []
    array.reserveCapacity(count - start)
    for i in start..<count {
      array.append(transform((base + i).move()))
    }
    count = start
    return array
  }

  /// Destroys the elements from `start` to the top.
  @inline(__always)
  mutating func truncate(to start: Int) {
    (base + start).deinitialize(count: count - start)
    count = start
  }

  /// Destroys the remaining elements and frees the memory.
  func release() {
    base.deinitialize(count: count)
    base.deallocate()
  }
}

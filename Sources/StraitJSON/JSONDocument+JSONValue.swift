extension JSONDocument {
  /// The whole document as a ``JSONValue`` tree (see ``Value/jsonValue``).
  public var jsonValue: JSONValue { root.jsonValue }
}

extension JSONDocument.Value {
  /// This value and everything in it as a ``JSONValue`` tree, equal to what
  /// ``JSONParser`` returns for the same text.
  ///
  /// The tape is replayed into the builder ``JSONParser`` uses, without recursion: objects
  /// with the same names share one names storage, as in a parsed tree.
  ///
  /// - Complexity: O(n) in the size of the subtree.
  public var jsonValue: JSONValue {
    let nodes = storage.nodes
    var buffers = JSONParserBuffers.take()
    var builder = JSONValueBuilder(rejectsDuplicates: false, buffers: buffers)
    var open = UnsafeStack<(end: Int, valueStart: Int, keyStart: Int, isObject: Bool)>(capacity: 16)
    defer {
      open.release()
      builder.store(into: &buffers)
      JSONParserBuffers.recycle(&buffers)
    }
    var i = index
    let end = index + nodes[index].size
    while true {
      // Close the containers that end here.
      while open.count > 0 && open.top.end == i {
        let frame = open.pop()
        if frame.isObject {
          _ = builder.endObject(valueStart: frame.valueStart, keyStart: frame.keyStart)
        } else {
          builder.endArray(valueStart: frame.valueStart)
        }
      }
      if i == end { break }
      let node = nodes[i]
      switch node.kind {
      case JSONTapeNode.null: builder.null()
      case JSONTapeNode.false: builder.bool(false)
      case JSONTapeNode.true: builder.bool(true)
      case JSONTapeNode.number: builder.number(storage.bytes(node), readable: storage.readable(node))
      case JSONTapeNode.string:
        builder.string(storage.bytes(node), isASCII: node.head & JSONTapeNode.asciiFlag != 0)
      case JSONTapeNode.name:
        let bytes = storage.bytes(node)
        let words = JSONNameWords(
          bytes.baseAddress.unsafelyUnwrapped, length: bytes.count, readable: storage.readable(node))
        builder.key(bytes.baseAddress.unsafelyUnwrapped, words: words, offset: 0)
      default:
        let isObject = node.kind == JSONTapeNode.object
        if node.count == 0 {
          if isObject { builder.emptyObject() } else { builder.emptyArray() }
        } else {
          open.push((i + node.size, builder.valueCount, builder.keys.count, isObject))
        }
      }
      i += 1
    }
    return builder.takeResult()
  }
}

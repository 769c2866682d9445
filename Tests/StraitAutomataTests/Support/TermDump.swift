import StraitAutomata
import StraitTestSupport
import Testing

/// A multi-line rendering of a term, for failure messages.
func dump(_ store: TermStore, _ t: Term, _ indent: String = "") -> String {
  var s = indent + "\(t): "
  switch store.node(t) {
  case .empty: s += "∅"
  case .epsilon: s += "ε"
  case .bytes(let b): s += "bytes\(b.members.map { String(UnicodeScalar($0)) })"
  case .concat(let a, let b): s += "cat\n" + dump(store, a, indent + "  ") + "\n" + dump(store, b, indent + "  ")
  case .union(let ms): s += "or\n" + ms.map { dump(store, $0, indent + "  ") }.joined(separator: "\n")
  case .intersection(let ms): s += "and\n" + ms.map { dump(store, $0, indent + "  ") }.joined(separator: "\n")
  case .complement(let a): s += "not\n" + dump(store, a, indent + "  ")
  case .star(let a): s += "star\n" + dump(store, a, indent + "  ")
  case .repeat(let a, let lo, let hi): s += "rep \(lo) \(hi)\n" + dump(store, a, indent + "  ")
  }
  return s
}


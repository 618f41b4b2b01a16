/// The conditions of every directed link after the nemeses are composed, looked up per send.
///
/// When every link fault applies to all links alike (the common case) one entry serves all links;
/// otherwise each link points into a small table of the distinct conditions.
struct LinkTable {
  private(set) var table: [LinkConditions]
  private var index: [UInt16]
  private let size: Int

  init(nodes: [NodeID], base: LinkConditions, nemeses: [Nemesis]) {
    size = nodes.count
    let linkNemeses = nemeses.filter { $0.linkScope.isLinkFault }
    if linkNemeses.allSatisfy({ $0.linkScope.isUniform }) {
      var conditions = base
      for nemesis in linkNemeses { nemesis.apply(to: &conditions, from: nodes[0], to: nodes[0]) }
      table = [conditions]
      index = []
      return
    }
    table = []
    index = Array(repeating: 0, count: size * size)
    var positions: [LinkConditions: UInt16] = [:]
    for (a, from) in nodes.enumerated() {
      for (b, to) in nodes.enumerated() {
        var conditions = base
        for nemesis in linkNemeses { nemesis.apply(to: &conditions, from: from, to: to) }
        if let position = positions[conditions] {
          index[a * size + b] = position
        } else {
          let position = UInt16(table.count)
          positions[conditions] = position
          table.append(conditions)
          index[a * size + b] = position
        }
      }
    }
  }

  /// The conditions of link `from → to` (node indices).
  @inline(__always)
  func conditions(from: Int, to: Int) -> LinkConditions {
    table[index.isEmpty ? 0 : Int(index[from * size + to])]
  }
}

/// Turns trace records into JSON Lines: a header line, then one line per event.
///
/// Field order is fixed and absent fields are omitted, so the same run always gives the same bytes.
struct TraceEncoder {
  private var out = JSONText()
  private let names: [NodeID: String]
  private let vectorNames: [String]

  init(header: TraceHeader) {
    names = Dictionary(uniqueKeysWithValues: zip(header.nodes, header.names))
    vectorNames = header.names
    out.beginObject()
    out.field("kind", "header")
    out.field("format", "distlab-trace/1")
    out.key("seed"); out.appendRaw(String(header.seed))
    out.field("label", header.label)
    out.key("nodes")
    out.beginArray()
    for name in header.names { out.append(name) }
    out.endArray()
    out.key("clients")
    out.beginArray()
    for client in header.clients { out.append(names[client] ?? client.description) }
    out.endArray()
    out.endObject()
    out.newline()
  }

  var bufferedCount: Int { out.bytes.count }

  mutating func encode(_ event: TraceEvent) {
    out.beginObject()
    out.field("index", event.index)
    out.field("time", event.time.nanoseconds)
    out.field("kind", event.kind.rawValue)
    if let node = event.node { out.field("node", name(node)) }
    if let peer = event.peer { out.field("peer", name(peer)) }
    if let message = event.message { out.field("msg", message) }
    if let summary = event.summary { out.field("summary", summary) }
    if let detail = event.detail { out.field("detail", detail) }
    if !event.vector.isEmpty {
      out.field("lamport", event.lamport)
      out.key("vc")
      out.beginObject()
      for (i, count) in event.vector.enumerated() where count != 0 {
        out.field(vectorNames[i], count)
      }
      out.endObject()
    }
    out.endObject()
    out.newline()
  }

  mutating func takeBytes() -> [UInt8] {
    var bytes: [UInt8] = []
    swap(&bytes, &out.bytes)
    out.bytes.reserveCapacity(bytes.count)
    return bytes
  }

  mutating func takeText() -> String { String(decoding: takeBytes(), as: UTF8.self) }

  private func name(_ node: NodeID) -> String { names[node] ?? node.description }
}

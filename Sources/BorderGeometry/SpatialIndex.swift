import CGEOS

/// A GEOS STRtree over a fixed list of geometries, answering "which items might meet
/// this envelope" and "which item is nearest". Items are identified by their index in
/// the list given at creation; query results come back sorted, so callers see a
/// deterministic order.
public final class SpatialIndex {
    public let items: [Geometry]
    private let context: GeometryContext
    private let tree: OpaquePointer

    /// Fills the tree (node capacity 10, GEOS's usual choice); GEOS builds it on the first
    /// query, so the index must not be shared between threads. - Complexity: O(n log n).
    public init(_ items: [Geometry], in context: GeometryContext) throws(GeometryError) {
        // returns NULL on exception
        guard let tree = GEOSSTRtree_create_r(context.handle, 10) else { throw context.failure("STRtree_create") }
        self.tree = tree
        self.items = items
        self.context = context
        for (i, g) in items.enumerated() {
            try g.checkSameContext(as: items[0])
            // The tree stores (index + 1) as its opaque item, so no pointer is null.
            GEOSSTRtree_insert_r(context.handle, tree, g.handle, UnsafeMutableRawPointer(bitPattern: i + 1))
        }
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    /// Indices of the items whose envelopes intersect the envelope of `geometry`, ascending.
    public func candidates(intersecting geometry: Geometry) -> [Int] {
        var found = [Int]()
        withUnsafeMutablePointer(to: &found) { out in
            GEOSSTRtree_query_r(
                context.handle, tree, geometry.handle,
                { item, userData in
                    let out = userData!.assumingMemoryBound(to: [Int].self)
                    out.pointee.append(Int(bitPattern: item) - 1)
                }, out)
        }
        return found.sorted()
    }

    /// Indices of the items that truly intersect `geometry` (envelope filter, then the exact test).
    public func items(intersecting geometry: Geometry) throws(GeometryError) -> [Int] {
        var result = [Int]()
        for i in candidates(intersecting: geometry) where try items[i].intersects(geometry) { result.append(i) }
        return result
    }

    /// The index of the item nearest to `geometry`, or nil for an empty tree.
    /// Wraps `GEOSSTRtree_nearest_generic_r` (NULL on exception), measuring with `GEOSDistance_r`.
    public func nearest(to geometry: Geometry) throws(GeometryError) -> Int? {
        guard !items.isEmpty else { return nil }
        var search = NearestSearch(context: context.handle, items: items.map(\.handle), query: geometry.handle)
        let found = withUnsafeMutablePointer(to: &search) { userData in
            GEOSSTRtree_nearest_generic_r(
                context.handle, tree, NearestSearch.queryItem, geometry.handle,
                { a, b, distance, userData in
                    let search = userData!.assumingMemoryBound(to: NearestSearch.self).pointee
                    return GEOSDistance_r(search.context, search.geometry(a), search.geometry(b), distance)
                }, userData)
        }
        guard let found else { throw context.failure("STRtree_nearest") }
        return Int(bitPattern: found) - 1
    }
}

/// What the nearest-neighbour callback needs to turn tree items back into geometries.
private struct NearestSearch {
    /// Stands for the query geometry among the tree's (index + 1) items.
    static var queryItem: UnsafeRawPointer { UnsafeRawPointer(bitPattern: Int.max)! }
    let context: GEOSContextHandle_t
    let items: [OpaquePointer]
    let query: OpaquePointer

    func geometry(_ item: UnsafeRawPointer?) -> OpaquePointer {
        item == Self.queryItem ? query : items[Int(bitPattern: item) - 1]
    }
}

/// The `limit` nearest hits seen so far: a max-heap on distance whose root, the worst kept, is the one replaced.
/// A search keeps O(limit) hits in memory and does O(log limit) work per stored face.
struct NearestHits {
    private let limit: Int
    private var heap: [FaceSearch.Hit] = []

    init(limit: Int) { self.limit = limit }

    mutating func offer(_ hit: FaceSearch.Hit) {
        if heap.count < limit {
            heap.append(hit)
            siftUp(heap.count - 1)
        } else if let worst = heap.first, Self.isCloser(hit, than: worst) {
            heap[0] = hit
            siftDown(0)
        }
    }

    /// Best first; equal distances by sighting id, so results are stable.
    var sorted: [FaceSearch.Hit] { heap.sorted { Self.isCloser($0, than: $1) } }

    private static func isCloser(_ a: FaceSearch.Hit, than b: FaceSearch.Hit) -> Bool {
        (a.distance, a.sightingId) < (b.distance, b.sightingId)
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.isCloser(heap[parent], than: heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, Self.isCloser(heap[worst], than: heap[left]) { worst = left }
            if right < heap.count, Self.isCloser(heap[worst], than: heap[right]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}

import Media

/// Focus measure: variance of the 4-neighbour Laplacian of the grey image in a box. Blurred faces score low.
enum Sharpness {
    static func laplacianVariance(of image: Image, in box: Box) -> Double {
        let x0 = max(1, box.x), y0 = max(1, box.y)
        let x1 = min(image.width - 1, box.x + box.width), y1 = min(image.height - 1, box.y + box.height)
        guard x1 > x0, y1 > y0 else { return 0 }
        func grey(_ x: Int, _ y: Int) -> Double {
            let i = image.offset(x: x, y: y)
            guard image.format == .rgb24 else { return Double(image.pixels[i]) }
            return 0.299 * Double(image.pixels[i]) + 0.587 * Double(image.pixels[i + 1]) + 0.114 * Double(image.pixels[i + 2])
        }
        var sum = 0.0, squares = 0.0, count = 0.0
        for y in y0..<y1 {
            for x in x0..<x1 {
                let value = grey(x - 1, y) + grey(x + 1, y) + grey(x, y - 1) + grey(x, y + 1) - 4 * grey(x, y)
                sum += value
                squares += value * value
                count += 1
            }
        }
        let mean = sum / count
        return squares / count - mean * mean
    }
}

/// NAFNet's hyperparameters (megvii-research/NAFNet `NAFNet(img_channel, width, middle_blk_num,
/// enc_blk_nums, dec_blk_nums)`), as read from a checkpoint's tensor names and shapes.
public struct NAFNetConfig: Equatable, Sendable {
    public var imageChannels: Int
    public var width: Int
    public var middleBlockCount: Int
    public var encoderBlockCounts: [Int]
    public var decoderBlockCounts: [Int]
    /// NAFNetLocal (test-time local converter, TLC): the training crop size. The channel
    /// attention then averages over a window of 1.5x the training size instead of the whole
    /// image, which only differs from plain NAFNet on images larger than that window. nil is
    /// plain NAFNet (global pooling), spandrel's behaviour. The official GoPro and REDS test
    /// configurations use NAFNetLocal with 256.
    public var tlcTrainSize: Int?

    public init(imageChannels: Int = 3, width: Int, middleBlockCount: Int, encoderBlockCounts: [Int],
                decoderBlockCounts: [Int], tlcTrainSize: Int? = 256) {
        self.imageChannels = imageChannels
        self.width = width
        self.middleBlockCount = middleBlockCount
        self.encoderBlockCounts = encoderBlockCounts
        self.decoderBlockCounts = decoderBlockCounts
        self.tlcTrainSize = tlcTrainSize
    }

    /// Inputs are zero-padded to a multiple of 2^levels (`check_image_size`).
    public var padMultiple: Int { 1 << encoderBlockCounts.count }

    /// NAFNet-width32 as in the official GoPro (motion deblurring) configuration.
    public static let goProWidth32 = NAFNetConfig(width: 32, middleBlockCount: 1, encoderBlockCounts: [1, 1, 1, 28],
                                                  decoderBlockCounts: [1, 1, 1, 1])

    /// The TLC pooling window (height = width) for features at `level` (0 = full resolution),
    /// as local_arch.py fixes it on its conversion pass: size * int(1.5 train) // train.
    func tlcKernel(level: Int) -> Int? {
        guard let train = tlcTrainSize, train > 0 else { return nil }
        return (train >> level) * (train * 3 / 2) / train
    }
}

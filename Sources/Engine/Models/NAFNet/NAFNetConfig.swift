/// NAFNet's hyperparameters (megvii-research/NAFNet `NAFNet(img_channel, width, middle_blk_num,
/// enc_blk_nums, dec_blk_nums)`), as read from a checkpoint's tensor names and shapes.
public struct NAFNetConfig: Equatable, Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var width: Int
    public var encoderBlocks: [Int]
    public var middleBlocks: Int
    public var decoderBlocks: [Int]
    /// NAFNetLocal (test-time local converter, TLC): the training crop size. The channel
    /// attention then averages over a window of 1.5x the training size instead of the whole
    /// image, which only differs from plain NAFNet on images larger than that window. nil is
    /// plain NAFNet (global pooling), spandrel's behaviour. The official GoPro and REDS test
    /// configurations use NAFNetLocal with 256.
    public var tlcTrainSize: Int?

    public init(inChannels: Int = 3, outChannels: Int = 3, width: Int, encoderBlocks: [Int], middleBlocks: Int,
                decoderBlocks: [Int], tlcTrainSize: Int? = 256) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.width = width
        self.encoderBlocks = encoderBlocks
        self.middleBlocks = middleBlocks
        self.decoderBlocks = decoderBlocks
        self.tlcTrainSize = tlcTrainSize
    }

    /// Inputs are zero-padded to a multiple of 2^levels (`check_image_size`).
    public var padMultiple: Int { 1 << encoderBlocks.count }

    /// NAFNet-width32 as in the official GoPro (motion deblurring) configuration.
    public static let goProWidth32 = NAFNetConfig(width: 32, encoderBlocks: [1, 1, 1, 28], middleBlocks: 1,
                                                  decoderBlocks: [1, 1, 1, 1])

    /// The TLC pooling window (height = width) for features at `level` (0 = full resolution),
    /// as local_arch.py fixes it on its conversion pass: size * int(1.5 train) // train.
    func tlcKernel(level: Int) -> Int? {
        guard let train = tlcTrainSize, train > 0 else { return nil }
        return (train >> level) * (train * 3 / 2) / train
    }
}

#!/usr/bin/env bash
# Regenerates the PNG/JPEG variants the image reader tests decode (needs ImageMagick).
# Every variant is the same 13x7 picture, so the tests can compare decoded pixels.
set -euo pipefail
cd "$(dirname "$0")"
convert ../metrics/pair0-noise-clean.png -resize 13x7! -depth 8 source.png
convert source.png -depth 8 PNG24:rgb8.png
convert source.png -depth 16 PNG48:rgb16.png
convert source.png -alpha set -channel A -evaluate set 60% +channel -depth 8 PNG32:rgba8.png
convert source.png -alpha set -channel A -evaluate set 60% +channel -depth 16 PNG64:rgba16.png
convert source.png -colorspace Gray -depth 8 PNG8:gray8-tmp.png && convert source.png -colorspace Gray -type Grayscale -depth 8 gray8.png && rm -f gray8-tmp.png
convert source.png -colorspace Gray -type Grayscale -depth 16 gray16.png
convert source.png -colorspace Gray -type GrayscaleAlpha -alpha set -channel A -evaluate set 50% +channel -depth 8 PNG:grayalpha8.png
convert source.png -colors 16 -type Palette PNG8:palette.png
convert source.png -interlace PNG -depth 8 PNG24:interlaced.png
convert source.png -quality 95 rgb.jpg
convert source.png -colorspace Gray -quality 95 gray.jpg
head -c 300 rgb8.png > truncated.png
head -c 250 rgb.jpg > truncated.jpg
printf '' > empty.png
printf 'GIF89a\x01\x00\x01\x00' > notanimage.gif
python3 - <<'PY'
data = bytearray(open('rgb8.png', 'rb').read())
# Flip bytes inside the IDAT payload: the zlib stream or CRC check must fail.
start = data.find(b'IDAT') + 8
for i in range(start, start + 40):
    data[i] ^= 0x5A
open('corrupt.png', 'wb').write(bytes(data))
PY
python3 make_exact_variants.py
convert rgb16-exact.png -interlace PNG PNG48:interlaced16.png
convert source.png -colorspace CMYK -quality 95 cmyk.jpg
convert ../metrics/pair0-noise-clean.png -resize 48x48! -quality 90 corrupt-tmp.jpg
python3 - <<'PY'
data = bytearray(open('corrupt-tmp.jpg', 'rb').read())
# Scramble entropy-coded data after the start of scan: libjpeg decodes on with a warning
# ("Corrupt JPEG data"), which the reader must turn into an error.
start = data.find(b'\xff\xda') + 20
for i in range(start, start + 60):
    data[i] ^= 0x5A
    if data[i] == 0xFF:
        data[i] = 0xFE
open('corrupt.jpg', 'wb').write(bytes(data))
PY
rm -f corrupt-tmp.jpg

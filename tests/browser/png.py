"""Just enough of a PNG decoder to count pixels in Chromium's screenshots (standard library only).

Chromium writes 8-bit RGB or RGBA, non-interlaced; that is all this reads, and it says so clearly
when it meets anything else rather than guessing.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Image:
    width: int
    height: int
    channels: int  # 3 (RGB) or 4 (RGBA)
    pixels: bytes  # rows top to bottom, `channels` bytes a pixel, no filter bytes

    def rgb(self, x: int, y: int) -> tuple[int, int, int]:
        i = (y * self.width + x) * self.channels
        return self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]

    def count_dark(self, threshold: int = 128) -> int:
        """Pixels whose luminance (Rec. 601 weights) is below `threshold` (0-255): ink on a light
        background. Alpha is ignored: screenshots are opaque."""
        n = 0
        c = self.channels
        p = self.pixels
        for i in range(0, len(p), c):
            if 299 * p[i] + 587 * p[i + 1] + 114 * p[i + 2] < threshold * 1000:
                n += 1
        return n


def decode(data: bytes) -> Image:
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    pos = len(SIGNATURE)
    header = None
    idat = []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length  # length, type, data, CRC
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, color_type, _compression, _filter, interlace = header
    if depth != 8 or color_type not in (2, 6) or interlace != 0:
        raise ValueError(
            f"unsupported PNG (bit depth {depth}, colour type {color_type}, interlace {interlace}); "
            "only 8-bit RGB/RGBA, non-interlaced"
        )
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    return Image(width, height, channels, unfilter(raw, width, height, channels))


def unfilter(raw: bytes, width: int, height: int, bpp: int) -> bytes:
    """Undoes the per-row filters of PNG (specification section 9): each row is a filter-type byte
    followed by the filtered bytes; `bpp` is bytes per pixel (the distance to the left neighbour)."""
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise ValueError(f"PNG data is {len(raw)} bytes, expected {height * (stride + 1)}")
    out = bytearray(height * stride)
    previous = bytearray(stride)  # the row above the first is zeros
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 0:  # None
            pass
        elif kind == 1:  # Sub: + left
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:  # Up: + above
            for i in range(stride):
                row[i] = (row[i] + previous[i]) & 0xFF
        elif kind == 3:  # Average: + floor((left + above) / 2)
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth: + whichever of left, above, upper-left is nearest to left + above - upper-left
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                if pa <= pb and pa <= pc:
                    predictor = a
                elif pb <= pc:
                    predictor = b
                else:
                    predictor = c
                row[i] = (row[i] + predictor) & 0xFF
        else:
            raise ValueError(f"PNG row {y}: unknown filter type {kind}")
        out[y * stride : (y + 1) * stride] = row
        previous = row
    return bytes(out)

package org.paperradio.stream.video.h264;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;

/**
 * A frame's RGB pixels padded to whole macroblocks (edges replicated), with the per-macroblock
 * comparison and the RGB to YUV 4:2:0 conversion the encoder needs. Colours are converted to
 * BT.601 limited range, which is what decoders assume when the SPS says nothing else.
 */
final class MacroblockFrame {

    final int width;
    final int height;
    final int mbWidth;
    final int mbHeight;
    final int paddedWidth;
    final int paddedHeight;
    final int[] rgb;
    private final int[] row;

    MacroblockFrame(int width, int height) {
        this.width = width;
        this.height = height;
        this.mbWidth = (width + 15) >> 4;
        this.mbHeight = (height + 15) >> 4;
        this.paddedWidth = mbWidth << 4;
        this.paddedHeight = mbHeight << 4;
        this.rgb = new int[paddedWidth * paddedHeight];
        this.row = new int[width];
    }

    /** Copies the image's pixels in (0xRRGGBB), replicating the right and bottom edges. */
    void load(BufferedImage img) {
        boolean packed = img.getType() == BufferedImage.TYPE_INT_RGB
                || img.getType() == BufferedImage.TYPE_INT_ARGB;
        for (int y = 0; y < height; y++) {
            if (packed) {
                // getDataElements copies packed ints without per-pixel colour-model calls
                img.getRaster().getDataElements(0, y, width, 1, row);
            } else {
                img.getRGB(0, y, width, 1, row, 0, width);
            }
            int off = y * paddedWidth;
            for (int x = 0; x < width; x++) {
                rgb[off + x] = row[x] & 0xFFFFFF;
            }
            Arrays.fill(rgb, off + width, off + paddedWidth, row[width - 1] & 0xFFFFFF);
        }
        for (int y = height; y < paddedHeight; y++) {
            System.arraycopy(rgb, (height - 1) * paddedWidth, rgb, y * paddedWidth, paddedWidth);
        }
    }

    /**
     * Marks the macroblocks whose pixels differ from {@code previous}; returns how many.
     * Whole rows are compared first (vectorised), so an unchanged frame costs one pass.
     */
    int diff(MacroblockFrame previous, boolean[] changed) {
        Arrays.fill(changed, false);
        int count = 0;
        for (int y = 0; y < paddedHeight; y++) {
            int off = y * paddedWidth;
            if (Arrays.equals(rgb, off, off + paddedWidth, previous.rgb, off, off + paddedWidth)) {
                continue;
            }
            int mbRow = (y >> 4) * mbWidth;
            for (int mbX = 0; mbX < mbWidth; mbX++) {
                int from = off + (mbX << 4);
                if (!changed[mbRow + mbX]
                        && !Arrays.equals(rgb, from, from + 16, previous.rgb, from, from + 16)) {
                    changed[mbRow + mbX] = true;
                    count++;
                }
            }
        }
        return count;
    }

    void copyFrom(MacroblockFrame other) {
        System.arraycopy(other.rgb, 0, rgb, 0, rgb.length);
    }

    /** A JCodec picture of this frame's padded size, cropped to the visible size. */
    Picture newPicture() {
        return Picture.createCropped(paddedWidth, paddedHeight, ColorSpace.YUV420J, new Rect(0, 0, width, height));
    }

    /**
     * Writes this frame's YUV samples (stored minus 128, as JCodec expects) into {@code pic},
     * for every macroblock or, if {@code only} is given, for the macroblocks marked there.
     */
    void toPicture(Picture pic, boolean[] only) {
        byte[] yP = pic.getPlaneData(0);
        byte[] uP = pic.getPlaneData(1);
        byte[] vP = pic.getPlaneData(2);
        byte[] mb = new byte[384];
        for (int mbY = 0; mbY < mbHeight; mbY++) {
            for (int mbX = 0; mbX < mbWidth; mbX++) {
                if (only != null && !only[mbY * mbWidth + mbX]) {
                    continue;
                }
                macroblockYuv(mbX, mbY, mb);
                for (int j = 0; j < 16; j++) {
                    int dst = ((mbY << 4) + j) * paddedWidth + (mbX << 4);
                    for (int i = 0; i < 16; i++) {
                        yP[dst + i] = (byte) ((mb[j * 16 + i] & 0xFF) - 128);
                    }
                }
                int cw = paddedWidth >> 1;
                for (int j = 0; j < 8; j++) {
                    int dst = ((mbY << 3) + j) * cw + (mbX << 3);
                    for (int i = 0; i < 8; i++) {
                        uP[dst + i] = (byte) ((mb[256 + j * 8 + i] & 0xFF) - 128);
                        vP[dst + i] = (byte) ((mb[320 + j * 8 + i] & 0xFF) - 128);
                    }
                }
            }
        }
    }

    /**
     * One macroblock as unsigned YUV 4:2:0 samples: 256 luma (raster), 64 Cb, 64 Cr. Chroma is the rounded mean of each 2x2 block.
     */
    void macroblockYuv(int mbX, int mbY, byte[] out) {
        int x0 = mbX << 4;
        int y0 = mbY << 4;
        for (int j = 0; j < 16; j++) {
            int off = (y0 + j) * paddedWidth + x0;
            for (int i = 0; i < 16; i++) {
                int p = rgb[off + i];
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                out[j * 16 + i] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
            }
        }
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 8; i++) {
                int off = (y0 + 2 * j) * paddedWidth + x0 + 2 * i;
                int r = 0;
                int g = 0;
                int b = 0;
                for (int k = 0; k < 4; k++) {
                    int p = rgb[off + (k >> 1) * paddedWidth + (k & 1)];
                    r += (p >> 16) & 0xFF;
                    g += (p >> 8) & 0xFF;
                    b += p & 0xFF;
                }
                r = (r + 2) >> 2;
                g = (g + 2) >> 2;
                b = (b + 2) >> 2;
                out[256 + j * 8 + i] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                out[320 + j * 8 + i] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
            }
        }
    }
}

#include "image_codecs.h"
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
    size_t capacity;
} jpeg_failure;

static void on_jpeg_error(j_common_ptr info) {
    jpeg_failure *failure = (jpeg_failure *)info->err;
    char text[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, text);
    snprintf(failure->message, failure->capacity, "corrupt JPEG: %s", text);
    longjmp(failure->jump, 1);
}

static void on_jpeg_message(j_common_ptr info, int level) {
    /* libjpeg reports damaged data (a premature end, bad Huffman codes, extraneous bytes)
       as warnings and decodes on with grey blocks; a silently damaged image is worse than an error. */
    if (level < 0) on_jpeg_error(info);
}

/* CMYK from Adobe applications is stored inverted (0 = full ink); plain CMYK is not. */
static JSAMPLE cmyk_to_channel(JSAMPLE ink, JSAMPLE black, boolean inverted) {
    unsigned a = inverted ? ink : 255u - ink, k = inverted ? black : 255u - black;
    return (JSAMPLE)((a * k + 127u) / 255u);
}

int gd_jpeg_decode(const uint8_t *bytes, size_t length, long long max_pixels,
                   gd_image *out, char *error, size_t error_length) {
    memset(out, 0, sizeof(*out));
    if (length == 0) { snprintf(error, error_length, "file is empty"); return -1; }
    if (length < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8) {
        snprintf(error, error_length, "not a JPEG file (bad signature)");
        return -1;
    }
    struct jpeg_decompress_struct info;
    jpeg_failure failure;
    memset(&info, 0, sizeof(info));
    info.err = jpeg_std_error(&failure.base);
    failure.base.error_exit = on_jpeg_error;
    failure.base.emit_message = on_jpeg_message;
    failure.message = error;
    failure.capacity = error_length;
    JSAMPLE *volatile row = NULL;
    float *volatile planes = NULL;
    if (setjmp(failure.jump)) {
        free(row); free(planes);
        jpeg_destroy_decompress(&info);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, bytes, (unsigned long)length);
    jpeg_read_header(&info, TRUE);
    if (info.image_width == 0 || info.image_height == 0) {
        snprintf(error, error_length, "image has zero size");
        longjmp(failure.jump, 1);
    }
    if ((long long)info.image_width * info.image_height > max_pixels) {
        snprintf(error, error_length, "image is %ux%u (%.3g megapixels), over the limit of %.3g megapixels",
                 info.image_width, info.image_height,
                 (double)info.image_width * info.image_height / 1e6, (double)max_pixels / 1e6);
        longjmp(failure.jump, 1);
    }
    out->source_channels = info.num_components;
    out->bit_depth = 8;
    boolean cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    if (!cmyk && info.jpeg_color_space != JCS_GRAYSCALE && info.jpeg_color_space != JCS_YCbCr
        && info.jpeg_color_space != JCS_RGB) {
        snprintf(error, error_length, "unsupported JPEG colour space (libjpeg code %d)", (int)info.jpeg_color_space);
        longjmp(failure.jump, 1);
    }
    info.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&info);
    size_t width = info.output_width, height = info.output_height, plane = width * height;
    size_t stride = cmyk ? 4 : 3;
    row = (JSAMPLE *)malloc(width * stride);
    planes = (float *)malloc(sizeof(float) * 3 * plane);
    if (!row || !planes) {
        snprintf(error, error_length, "out of memory");
        longjmp(failure.jump, 1);
    }
    while (info.output_scanline < info.output_height) {
        size_t y = info.output_scanline;
        JSAMPROW rows[1] = { row };
        jpeg_read_scanlines(&info, rows, 1);
        for (size_t x = 0; x < width; x++) {
            for (int c = 0; c < 3; c++) {
                JSAMPLE value = cmyk ? cmyk_to_channel(row[x * 4 + c], row[x * 4 + 3], info.saw_Adobe_marker)
                                     : row[x * 3 + c];
                planes[c * plane + y * width + x] = value / 255.0f;
            }
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    free(row);
    out->width = (int)width;
    out->height = (int)height;
    out->planes = planes;
    return 0;
}

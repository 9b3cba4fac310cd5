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
    /* Warnings (level -1) about corrupt data: treat premature end as an error. */
    if (level < 0 && info->err->num_warnings++ == 0 && info->err->msg_code == JWRN_JPEG_EOF) {
        on_jpeg_error(info);
    }
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
        snprintf(error, error_length, "image is %ux%u (%.1f megapixels), over the limit of %.1f megapixels",
                 info.image_width, info.image_height,
                 (double)info.image_width * info.image_height / 1e6, (double)max_pixels / 1e6);
        longjmp(failure.jump, 1);
    }
    out->source_channels = info.num_components;
    out->bit_depth = 8;
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    size_t width = info.output_width, height = info.output_height, plane = width * height;
    row = (JSAMPLE *)malloc(width * 3);
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
            for (int c = 0; c < 3; c++) planes[c * plane + y * width + x] = row[x * 3 + c] / 255.0f;
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

#include "image_codecs.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *bytes;
    size_t length;
    size_t offset;
} read_cursor;

typedef struct {
    char *message;
    size_t capacity;
} error_sink;

static void on_png_error(png_structp png, png_const_charp message) {
    error_sink *sink = (error_sink *)png_get_error_ptr(png);
    if (sink && sink->message) snprintf(sink->message, sink->capacity, "corrupt PNG: %s", message);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message) {
    (void)png; (void)message;
}

static void read_from_cursor(png_structp png, png_bytep data, png_size_t count) {
    read_cursor *cursor = (read_cursor *)png_get_io_ptr(png);
    if (cursor->length - cursor->offset < count) png_error(png, "file is truncated");
    memcpy(data, cursor->bytes + cursor->offset, count);
    cursor->offset += count;
}

int gd_png_decode(const uint8_t *bytes, size_t length, long long max_pixels,
                  gd_image *out, char *error, size_t error_length) {
    memset(out, 0, sizeof(*out));
    if (length == 0) { snprintf(error, error_length, "file is empty"); return -1; }
    if (length < 8 || png_sig_cmp(bytes, 0, 8) != 0) {
        snprintf(error, error_length, "not a PNG file (bad signature)");
        return -1;
    }
    error_sink sink = { error, error_length };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_png_error, on_png_warning);
    if (!png) { snprintf(error, error_length, "out of memory"); return -1; }
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_read_struct(&png, NULL, NULL); snprintf(error, error_length, "out of memory"); return -1; }

    /* volatile: these change between setjmp and a possible longjmp. */
    png_bytep volatile buffer = NULL;
    png_bytepp volatile rows = NULL;
    float *volatile planes = NULL;
    read_cursor cursor = { bytes, length, 0 };

    if (setjmp(png_jmpbuf(png))) {
        free(buffer); free(rows); free(planes);
        png_destroy_read_struct(&png, &info, NULL);
        if (error[0] == 0) snprintf(error, error_length, "corrupt PNG data");
        return -1;
    }
    png_set_read_fn(png, &cursor, read_from_cursor);
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_set_chunk_malloc_max(png, 64u << 20);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int depth = 0, color = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &depth, &color, &interlace, NULL, NULL);
    if (width == 0 || height == 0) png_error(png, "image has zero size");
    if ((long long)width * (long long)height > max_pixels) {
        snprintf(error, error_length, "image is %ux%u (%.3g megapixels), over the limit of %.3g megapixels",
                 width, height, (double)width * height / 1e6, (double)max_pixels / 1e6);
        png_longjmp(png, 1);
    }
    out->bit_depth = depth;
    int has_alpha = (color & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
    int gray = !(color & PNG_COLOR_MASK_COLOR) && color != PNG_COLOR_TYPE_PALETTE;
    out->source_channels = (gray ? 1 : 3) + (has_alpha ? 1 : 0);

    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (!has_alpha) png_set_add_alpha(png, depth == 16 ? 0xffff : 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int out_depth = png_get_bit_depth(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    size_t expected = (size_t)width * 4 * (out_depth == 16 ? 2 : 1);
    if (row_bytes != expected) png_error(png, "unsupported PNG layout");
    buffer = (png_bytep)malloc(row_bytes * height);
    rows = (png_bytepp)malloc(sizeof(png_bytep) * height);
    planes = (float *)malloc(sizeof(float) * 3 * (size_t)width * height);
    if (!buffer || !rows || !planes) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = buffer + y * row_bytes;
    png_read_image(png, rows);

    size_t plane = (size_t)width * height;
    for (png_uint_32 y = 0; y < height; y++) {
        png_bytep row = rows[y];
        for (png_uint_32 x = 0; x < width; x++) {
            size_t i = (size_t)y * width + x;
            for (int c = 0; c < 3; c++) {
                float v;
                if (out_depth == 16) {
                    v = (float)((row[(x * 4 + c) * 2] << 8) | row[(x * 4 + c) * 2 + 1]) / 65535.0f;
                } else {
                    v = (float)row[x * 4 + c] / 255.0f;
                }
                planes[c * plane + i] = v;
            }
        }
    }
    free(buffer); free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    out->width = (int)width;
    out->height = (int)height;
    out->planes = planes;
    return 0;
}

typedef struct {
    uint8_t *bytes;
    size_t length;
    size_t capacity;
    int failed;
} write_buffer;

static void write_to_buffer(png_structp png, png_bytep data, png_size_t count) {
    write_buffer *buffer = (write_buffer *)png_get_io_ptr(png);
    if (buffer->length + count > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity * 2 : 65536;
        while (capacity < buffer->length + count) capacity *= 2;
        uint8_t *grown = (uint8_t *)realloc(buffer->bytes, capacity);
        if (!grown) png_error(png, "out of memory");
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, data, count);
    buffer->length += count;
}

static void flush_buffer(png_structp png) { (void)png; }

int gd_png_encode(const float *planes, int width, int height, int bit_depth,
                  uint8_t **out_bytes, size_t *out_length, char *error, size_t error_length) {
    *out_bytes = NULL;
    *out_length = 0;
    if (bit_depth != 8 && bit_depth != 16) { snprintf(error, error_length, "bit depth must be 8 or 16"); return -1; }
    if (width <= 0 || height <= 0) { snprintf(error, error_length, "image has zero size"); return -1; }
    error_sink sink = { error, error_length };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_png_error, on_png_warning);
    if (!png) { snprintf(error, error_length, "out of memory"); return -1; }
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_write_struct(&png, NULL); snprintf(error, error_length, "out of memory"); return -1; }
    write_buffer buffer = { NULL, 0, 0, 0 };
    png_bytep volatile row = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(row); free(buffer.bytes);
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, &buffer, write_to_buffer, flush_buffer);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, bit_depth, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);
    png_write_info(png, info);
    size_t bytes_per_sample = bit_depth == 16 ? 2 : 1;
    row = (png_bytep)malloc((size_t)width * 3 * bytes_per_sample);
    if (!row) png_error(png, "out of memory");
    size_t plane = (size_t)width * height;
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            size_t i = (size_t)y * width + x;
            for (int c = 0; c < 3; c++) {
                float v = planes[c * plane + i];
                if (!(v > 0.0f)) v = 0.0f;
                if (v > 1.0f) v = 1.0f;
                if (bit_depth == 16) {
                    unsigned q = (unsigned)(v * 65535.0f + 0.5f);
                    row[(x * 3 + c) * 2] = (png_byte)(q >> 8);
                    row[(x * 3 + c) * 2 + 1] = (png_byte)(q & 0xff);
                } else {
                    row[x * 3 + c] = (png_byte)(v * 255.0f + 0.5f);
                }
            }
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    free(row);
    png_destroy_write_struct(&png, &info);
    *out_bytes = buffer.bytes;
    *out_length = buffer.length;
    return 0;
}

void gd_image_free(gd_image *image) {
    if (image && image->planes) { free(image->planes); image->planes = NULL; }
}

void gd_buffer_free(uint8_t *bytes) { free(bytes); }

#ifndef GENDEG_IMAGE_CODECS_H
#define GENDEG_IMAGE_CODECS_H
#include <stddef.h>
#include <stdint.h>

/// A decoded image: planar RGB floats in [0,1], channel-major (R plane, G plane, B plane).
typedef struct {
    int width;
    int height;
    int bit_depth;        /* bits per sample in the source file */
    int source_channels;  /* 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (after palette expansion) */
    float *planes;        /* 3 * width * height floats, owned: free with gd_image_free */
} gd_image;

/// Decoders return 0 on success, or -1 with a human-readable reason in `error`.
/// `max_pixels` bounds width*height before any pixel memory is allocated.
int gd_png_decode(const uint8_t *bytes, size_t length, long long max_pixels,
                  gd_image *out, char *error, size_t error_length);
int gd_jpeg_decode(const uint8_t *bytes, size_t length, long long max_pixels,
                   gd_image *out, char *error, size_t error_length);

/// Encodes planar RGB floats (clamped to [0,1]) to a PNG of 8 or 16 bits per sample.
/// On success *out_bytes is malloc'ed (free with gd_buffer_free).
int gd_png_encode(const float *planes, int width, int height, int bit_depth,
                  uint8_t **out_bytes, size_t *out_length, char *error, size_t error_length);

void gd_image_free(gd_image *image);
void gd_buffer_free(uint8_t *bytes);

#endif

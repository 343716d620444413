//go:build !js

package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
)

// pngBytes is a small real PNG.
func pngBytes() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// pdfBytes is 700 kB that begin like a PDF, different for each i: a file
// of two 512 KiB chunks.
func pdfBytes(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	b := make([]byte, 700_000)
	for k := range b {
		b[k] = byte(r.Uint32())
	}
	copy(b, "%PDF-1.7\n")
	return b
}

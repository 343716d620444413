// Command icons draws the wxdrop icon, a white drop with a down arrow on
// a green rounded square, and writes extension/icons/{16,32,48,128}.png.
// It uses only image/png so that anyone can run it again:
//
//	go run ./tools/icons
//
// Each size is drawn at 4× and averaged down, so edges are smooth without
// a vector library.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

var (
	green = color.NRGBA{0x07, 0xc1, 0x60, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

func main() {
	out := flag.String("out", "extension/icons", "directory to write the PNGs to")
	flag.Parse()
	for _, size := range []int{16, 32, 48, 128} {
		path := filepath.Join(*out, fmt.Sprintf("%d.png", size))
		if err := write(path, draw(size)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func write(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ss is the supersampling factor per axis.
const ss = 4

// draw renders the icon at size×size.
func draw(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					// u, v in [0,1): the sample's place in the icon.
					u := (float64(x) + (float64(sx)+0.5)/ss) / float64(size)
					v := (float64(y) + (float64(sy)+0.5)/ss) / float64(size)
					c, ok := sample(u, v)
					if !ok {
						continue
					}
					r += float64(c.R)
					g += float64(c.G)
					b += float64(c.B)
					a++
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{
				R: uint8(r / a), G: uint8(g / a), B: uint8(b / a),
				A: uint8(math.Round(a / (ss * ss) * 255)),
			})
		}
	}
	return img
}

// sample is the colour at (u, v), or false outside the rounded square.
func sample(u, v float64) (color.NRGBA, bool) {
	if !inRoundedSquare(u, v, 0.02, 0.22) {
		return color.NRGBA{}, false
	}
	if inDrop(u, v) && !inArrow(u, v) {
		return white, true
	}
	return green, true
}

// inRoundedSquare: inside the square inset by m with corner radius r.
func inRoundedSquare(u, v, m, r float64) bool {
	if u < m || v < m || u > 1-m || v > 1-m {
		return false
	}
	cx := math.Min(math.Max(u, m+r), 1-m-r)
	cy := math.Min(math.Max(v, m+r), 1-m-r)
	return math.Hypot(u-cx, v-cy) <= r
}

// inDrop: a drop, a circle whose top is drawn up into a point.
func inDrop(u, v float64) bool {
	const cx, cy, r = 0.5, 0.60, 0.27
	if math.Hypot(u-cx, v-cy) <= r {
		return true
	}
	// The point at (0.5, 0.12) and the lines from it tangent to the
	// circle, down to where they touch it (r²/d above the centre).
	const tipY = 0.12
	d := cy - tipY
	if v < tipY || v > cy-r*r/d {
		return false
	}
	return math.Abs(u-cx) <= (v-tipY)*r/math.Sqrt(d*d-r*r)
}

// inArrow: the green down arrow cut out of the drop.
func inArrow(u, v float64) bool {
	const cx = 0.5
	// Shaft.
	if math.Abs(u-cx) <= 0.045 && v >= 0.44 && v <= 0.66 {
		return true
	}
	// Head: a triangle pointing down, from v=0.58 to v=0.76.
	const top, tip, halfW = 0.58, 0.76, 0.13
	if v < top || v > tip {
		return false
	}
	return math.Abs(u-cx) <= halfW*(tip-v)/(tip-top)
}

//go:build !js

package main

import (
	"fmt"
	"math"
	"slices"
)

func ok(b bool) string {
	if b {
		return "met"
	}
	return "NOT MET"
}

// series are the samples of one figure, by run.
type series [][]float64

func (s series) all() []float64 { return slices.Concat(s...) }

func (s series) medians() []float64 {
	m := make([]float64, 0, len(s))
	for _, run := range s {
		if len(run) > 0 {
			m = append(m, median(run))
		}
	}
	return m
}

func (s series) String() string {
	a, m := s.all(), s.medians()
	if len(a) == 0 {
		return "no samples"
	}
	return fmt.Sprintf("median %6.1f ms, p95 %6.1f ms; per-run medians %6.1f–%6.1f ms", median(a), p95(a), slices.Min(m), slices.Max(m))
}

// ratio is median(s) ÷ median(base) over every sample, and the spread of
// the per-run ratios.
func ratio(s, base series) (all, lo, hi float64) {
	all = median(s.all()) / median(base.all())
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := range s {
		if i < len(base) && len(s[i]) > 0 && len(base[i]) > 0 {
			r := median(s[i]) / median(base[i])
			lo, hi = min(lo, r), max(hi, r)
		}
	}
	return all, lo, hi
}

func last(s series) float64 {
	if len(s) == 0 || len(s[len(s)-1]) == 0 {
		return 0
	}
	run := s[len(s)-1]
	return run[len(run)-1]
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// p95 is the nearest-rank 95th percentile.
func p95(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s) == 0 {
		return 0
	}
	i := (95*len(s)+99)/100 - 1
	return s[max(i, 0)]
}

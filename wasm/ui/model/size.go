package model

import "strconv"

// FormatSize writes a byte count for people: 512 B, 1.5 KB, 23 MB. Units
// are powers of 1024 with one decimal below ten, as file managers do.
func FormatSize(n int64) string {
	if n < 1024 {
		if n < 0 {
			n = 0
		}
		return strconv.FormatInt(n, 10) + " B"
	}
	units := []string{"KB", "MB", "GB", "TB"}
	v := float64(n) / 1024
	u := 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	prec := 0
	if v < 10 {
		prec = 1
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if prec == 1 && len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	// 1023.96 KB rounds up to "1024 KB": say 1 MB instead.
	if s == "1024" && u < len(units)-1 {
		return "1 " + units[u+1]
	}
	return s + " " + units[u]
}

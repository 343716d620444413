// Package safename says which characters and names no file name wxdrop
// makes may hold, for every cleaner of names (share's, for what is sent;
// rules', for what is saved): one list, so that they cannot disagree.
package safename

import "strings"

// Hidden reports whether r is a character that changes how a name looks
// without being seen: a C0 or C1 control, DEL, or a bidirectional
// control, which can show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
func Hidden(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}

// Visible is s without its Hidden characters.
func Visible(s string) string {
	return strings.Map(func(r rune) rune {
		if Hidden(r) {
			return -1
		}
		return r
	}, s)
}

// deviceName reports whether s (upper case) is a name Windows keeps for
// a device, whatever the extension ("con.txt" opens the console too).
// Windows counts the superscript digits ¹ ² ³ as digits here. A switch,
// not a map: a map would be built at every start of the worker.
func deviceName(s string) bool {
	switch s {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if !strings.HasPrefix(s, "COM") && !strings.HasPrefix(s, "LPT") {
		return false
	}
	switch s[3:] {
	case "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

// IsDevice reports whether name is a device name on Windows: its part
// before the first dot, without trailing spaces, in any case.
func IsDevice(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	return deviceName(strings.ToUpper(strings.TrimRight(stem, " ")))
}

// NotDevice is name, with "_" after its stem when it is a device name
// ("CON.txt" → "CON_.txt", "aux" → "aux_").
func NotDevice(name string) string {
	if !IsDevice(name) {
		return name
	}
	stem, ext, dot := strings.Cut(name, ".")
	stem = strings.TrimRight(stem, " ") + "_"
	if dot {
		return stem + "." + ext
	}
	return stem
}

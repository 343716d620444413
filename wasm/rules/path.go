package rules

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/wasm/safename"
)

// Where a save rule keeps a file: a path under the Downloads folder that
// every browser and file system takes (chrome.downloads refuses a name
// with a reserved character, a ".." or a leading dot).

// maxNameRunes bounds each part of a saved file's name.
const maxNameRunes = 80

// SavePath is where a save keeps a message's media:
// "<folder>/<chat>[ - <member>] <stamp> <name>". chat names the chat (a
// group's name in a group), member who said it there ("" when unknown),
// stamp when (Stamp), name the file's name.
func SavePath(folder, chat, member, stamp, name string) string {
	who := CleanName(chat)
	if member != "" {
		who += " - " + CleanName(member)
	}
	return CleanFolder(folder) + "/" + who + " " + stamp + " " + CleanName(name)
}

// Stamp is a local wall time as a saved file's name shows it (no ":",
// which file systems refuse): "2006-01-02 15.04.05".
func Stamp(year int, month time.Month, day, hour, minute, second int) string {
	return pad(year, 4) + "-" + pad(int(month), 2) + "-" + pad(day, 2) + " " + pad(hour, 2) + "." + pad(minute, 2) + "." + pad(second, 2)
}

// pad is n in decimal with zeros before it up to width characters, the
// sign counted, as fmt's %0<width>d writes it (without fmt, which the
// pages do not link).
func pad(n, width int) string {
	neg := n < 0
	if neg {
		n = -n
		width--
	}
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	if neg {
		s = "-" + s
	}
	return s
}

// CleanFolder is folder made safe: each part of it cleaned (a Windows
// device name gets a "_"), empty, "." and ".." parts dropped;
// DefaultFolder when nothing is left.
func CleanFolder(folder string) string {
	var parts []string
	for _, p := range strings.FieldsFunc(folder, func(r rune) bool { return r == '/' || r == '\\' }) {
		if p = strings.TrimSpace(p); p == "" || p == "." || p == ".." {
			continue
		}
		parts = append(parts, CleanName(p))
	}
	if len(parts) == 0 {
		return DefaultFolder
	}
	return strings.Join(parts, "/")
}

// CleanName is s made a safe file name: the characters Windows reserves,
// path separators, control characters and the bidirectional controls
// that change how a name looks (safename.Hidden) become "_", leading and
// trailing dots and spaces go, it is cut to maxNameRunes runes (keeping
// its extension), and a Windows device name ("aux", "CON.txt") gets a
// "_" after its stem.
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || safename.Hidden(r) || strings.ContainsRune(`<>:"/\|?*`, r) || r == utf8.RuneError {
			return '_'
		}
		return r
	}, s)
	s = strings.Trim(s, " .")
	if utf8.RuneCountInString(s) > maxNameRunes {
		ext := ""
		if i := strings.LastIndexByte(s, '.'); i > 0 && utf8.RuneCountInString(s[i:]) <= 10 {
			ext = s[i:]
		}
		r := []rune(strings.TrimSuffix(s, ext))
		s = strings.TrimRight(string(r[:maxNameRunes-utf8.RuneCountInString(ext)]), " .") + ext
	}
	if s == "" {
		return "_"
	}
	return safename.NotDevice(s)
}

// IsDeviceFolder reports whether a part of folder is a Windows device
// name, which a rule is refused for (CleanFolder would change it).
func IsDeviceFolder(folder string) bool {
	for _, p := range strings.FieldsFunc(folder, func(r rune) bool { return r == '/' || r == '\\' }) {
		if safename.IsDevice(strings.TrimSpace(p)) {
			return true
		}
	}
	return false
}

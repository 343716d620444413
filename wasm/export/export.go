// Package export writes the account's contacts as a file a person opens:
// CSV (UTF-8 with a byte order mark, so that Excel reads Chinese right;
// RFC 4180 quoting, CRLF lines) or JSON. It is plain Go over the
// protocol's contacts, tested natively by reading the CSV back.
package export

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// Formats.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// Kinds of contact.
const (
	KindFriend   = "friend"
	KindGroup    = "group"
	KindOfficial = "official"
)

// Sexes as exported (the protocol's 1 and 2, §3.4).
const (
	SexMale   = "male"
	SexFemale = "female"
)

// Row is one exported contact; the JSON names are the file's.
type Row struct {
	Remark    string `json:"remark"`
	Nick      string `json:"nick"`
	Alias     string `json:"alias"`
	Sex       string `json:"sex"`
	Province  string `json:"province"`
	City      string `json:"city"`
	Signature string `json:"signature"`
	Kind      string `json:"kind"`
	// Members is a group's member count (0 for others).
	Members int `json:"members,omitempty"`
}

// Rows turns contacts into rows: friends, groups and official accounts,
// each once, without the account itself (self), the file helper and the
// system's special accounts. Names lose the page's emoji markup.
func Rows(all []protocol.Contact, self string) []Row {
	out := make([]Row, 0, len(all))
	seen := map[string]bool{}
	for _, c := range all {
		if c.UserName == "" || c.UserName == self || c.UserName == "filehelper" || c.IsSpecial() || seen[c.UserName] {
			continue
		}
		seen[c.UserName] = true
		r := Row{
			Remark: search.Clean(c.RemarkName), Nick: search.Clean(c.NickName), Alias: c.Alias,
			Province: c.Province, City: c.City, Signature: search.Clean(c.Signature), Kind: KindFriend,
		}
		switch c.Sex {
		case 1:
			r.Sex = SexMale
		case 2:
			r.Sex = SexFemale
		}
		switch {
		case c.IsGroup():
			r.Kind, r.Members = KindGroup, c.MemberCount
			if r.Members == 0 {
				r.Members = len(c.MemberList)
			}
			r.Sex = ""
		case c.IsOfficial():
			r.Kind = KindOfficial
		}
		out = append(out, r)
	}
	return out
}

// Labels are a CSV's visible words in the person's language: the header
// (remark, nick, alias, sex, province, city, signature, kind, members)
// and the values of sex and kind.
type Labels struct {
	Header                  [9]string
	Male, Female            string
	Friend, Group, Official string
}

// bom is UTF-8's byte order mark, which tells Excel the file is UTF-8.
const bom = "\ufeff"

// CSV writes rows as CSV with a byte order mark, CRLF lines and RFC 4180
// quoting (written here: encoding/csv added 20 KB to core.wasm). A cell
// that starts with =, +, -, @ or a tab or carriage return gets a ' before
// it, so that a spreadsheet shows a name such as "=HYPERLINK(…)" instead
// of running it.
func CSV(rows []Row, l Labels) []byte {
	var b bytes.Buffer
	b.WriteString(bom)
	writeRecord(&b, l.Header[:])
	word := map[string]string{SexMale: l.Male, SexFemale: l.Female, KindFriend: l.Friend, KindGroup: l.Group, KindOfficial: l.Official}
	for _, r := range rows {
		members := ""
		if r.Kind == KindGroup {
			members = strconv.Itoa(r.Members)
		}
		rec := []string{r.Remark, r.Nick, r.Alias, word[r.Sex], r.Province, r.City, r.Signature, word[r.Kind], members}
		for i := range rec {
			rec[i] = defuse(rec[i])
		}
		writeRecord(&b, rec)
	}
	return b.Bytes()
}

// writeRecord writes one line: a field that holds a comma, a quote, a
// line break or a leading space is quoted, its quotes doubled (RFC 4180).
func writeRecord(b *bytes.Buffer, rec []string) {
	for i, f := range rec {
		if i > 0 {
			b.WriteByte(',')
		}
		if f == "" || (!strings.ContainsAny(f, ",\"\r\n") && f[0] != ' ') {
			b.WriteString(f)
			continue
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(f, `"`, `""`))
		b.WriteByte('"')
	}
	b.WriteString("\r\n")
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula: = + - @ (Excel, LibreOffice Calc, Google Sheets; a
// tab or a carriage return first, too, in Excel), and the same signs in
// their full-width (＝＋－＠, what a Chinese or Japanese input method
// types) and small forms (﹦﹢﹣﹫): Excel in East Asian locales takes a
// full-width sign for its ASCII one as it reads a cell, and Unicode's
// compatibility decomposition (NFKC) makes each of them the ASCII sign.
// A nickname "＝HYPERLINK(…)" went out as it was (docs/security.md
// row 111).
const formulaStarts = "=+-@\t\r＝＋－＠﹦﹢﹣﹫"

// defuse keeps a spreadsheet from reading a cell as a formula.
func defuse(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// JSON writes rows as a JSON array, the page's characters as they are.
func JSON(rows []Row) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if rows == nil {
		rows = []Row{}
	}
	// Rows of strings and ints always encode.
	_ = enc.Encode(rows)
	return b.Bytes()
}

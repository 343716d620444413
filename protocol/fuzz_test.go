package protocol

import (
	"encoding/xml"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for every parser of a server answer, and for the appmsg
// builder. Their seed corpora are in testdata/fuzz; CI runs the seeds, and
// `make fuzz` runs each target for a while.

// fuzzDecode checks the contract every answer parser keeps: no panic, and
// success only for a JSON object whose BaseResponse.Ret is 0.
func fuzzDecode(f *testing.F, endpoint string, newOut func() retHolder) {
	for _, s := range []string{
		`{"BaseResponse":{"Ret":0,"ErrMsg":""},"MsgID":"4527210051674039705","LocalID":"14766146756340722"}`,
		`{"BaseResponse":{"Ret":1205,"ErrMsg":""}}`,
		`<html><body>502</body></html>`,
		``,
		`{"BaseResponse":{"Ret":0`,
		`null`,
		`{"BaseResponse":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out := newOut()
		err := decodeJSON(endpoint, body, out)
		if err == nil && out.base().Ret != 0 {
			t.Fatalf("success with Ret %d", out.base().Ret)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("an error without words")
		}
	})
}

func FuzzSendResponse(f *testing.F) {
	fuzzDecode(f, "webwxsendmsg", func() retHolder { return &sendResponse{} })
}

func FuzzUploadMediaResponse(f *testing.F) {
	f.Add([]byte(`{"BaseResponse":{"Ret":0,"ErrMsg":""},"MediaId":"@crypt_6084141c_c73c","StartPos":25929,"CDNThumbImgHeight":0,"CDNThumbImgWidth":0}`))
	fuzzDecode(f, "webwxuploadmedia", func() retHolder { return &uploadMediaResponse{} })
}

func FuzzCheckUploadResponse(f *testing.F) {
	f.Add([]byte(`{"BaseResponse":{"Ret":0,"ErrMsg":""},"MediaId":"","AESKey":"k","Signature":"s","EncryFileName":"a.iso"}`))
	fuzzDecode(f, "webwxcheckupload", func() retHolder { return &checkUploadResponse{} })
}

func FuzzContactPage(f *testing.F) {
	f.Add([]byte(`{"BaseResponse":{"Ret":0,"ErrMsg":""},"MemberCount":1,"MemberList":[{"UserName":"@a","NickName":"张三","PYInitial":"ZS","MemberList":[]}],"Seq":0}`))
	fuzzDecode(f, "webwxgetcontact", func() retHolder { return &contactPage{} })
}

func FuzzBatchContactResponse(f *testing.F) {
	f.Add([]byte(`{"BaseResponse":{"Ret":0,"ErrMsg":""},"Count":1,"ContactList":[{"UserName":"@@g","MemberList":[{"UserName":"@m","DisplayName":"x"}],"EncryChatRoomId":"@e"}]}`))
	fuzzDecode(f, "webwxbatchgetcontact", func() retHolder { return &batchResponse{} })
}

func FuzzRevokeResponse(f *testing.F) {
	f.Add([]byte(`{"BaseResponse":{"Ret":0,"ErrMsg":""},"Introduction":"你可以撤回2分钟内发送的消息","SysWording":"已撤回"}`))
	fuzzDecode(f, "webwxrevokemsg", func() retHolder { return &revokeResponse{} })
}

// FuzzAppMsgXML: whatever the file name, the appmsg is well-formed XML whose
// title reads back as the name (XML cannot hold some characters at all;
// encoding/xml writes those as U+FFFD).
func FuzzAppMsgXML(f *testing.F) {
	f.Add("top10.csv", int64(1760), "@crypt_f672a24d")
	f.Add(`报告 &<>'"😀.pdf`, int64(1), "@crypt_1")
	f.Add("]]><x/>\r\n\t.txt", int64(99), "a&b")
	// Escaping and case in every field: the title, the extension (fileext)
	// and the MediaId (attachid) each hold <, & and > and mixed case.
	f.Add("Q3 <&> Report.P<&>dF", int64(2), "@Crypt_<&>Ab")
	f.Add("A&B.X>Y", int64(3), "<M&D>")
	f.Add("photo.JPeg", int64(4), "@crypt_AbC")
	f.Fuzz(func(t *testing.T, title string, size int64, mediaID string) {
		x, err := AppMsgXML(Attachment{Title: title, Size: size, MediaID: mediaID})
		if err != nil {
			return
		}
		var m struct {
			XMLName  xml.Name `xml:"appmsg"`
			AppID    string   `xml:"appid,attr"`
			Title    string   `xml:"title"`
			Type     int      `xml:"type"`
			TotalLen int64    `xml:"appattach>totallen"`
			AttachID string   `xml:"appattach>attachid"`
			FileExt  string   `xml:"appattach>fileext"`
		}
		d := xml.NewDecoder(strings.NewReader(x))
		d.Strict = true
		if err := d.Decode(&m); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, x)
		}
		if m.Type != 6 || m.TotalLen != size || m.AppID != appmsgAppID {
			t.Fatalf("fields: %+v", m)
		}
		if xmlSafe(title) && m.Title != title {
			t.Fatalf("title %q read back as %q", title, m.Title)
		}
		if xmlSafe(mediaID) && m.AttachID != mediaID {
			t.Fatalf("attachid %q read back as %q", mediaID, m.AttachID)
		}
		// fileext is the name's extension as written, case kept (§5.5).
		ext := "undefined"
		if e := path.Ext(title); len(e) > 1 {
			ext = e[1:]
		}
		if xmlSafe(title) && m.FileExt != ext {
			t.Fatalf("fileext of %q read back as %q, want %q", title, m.FileExt, ext)
		}
	})
}

// xmlSafe: every character can stand in XML 1.0 text.
func xmlSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !(r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return false
		}
	}
	return true
}

// FuzzEscapeText: the escaper writes what encoding/xml's EscapeText writes.
func FuzzEscapeText(f *testing.F) {
	f.Add(`报告 &<>'"😀.pdf`)
	f.Add("\x00\x01\t\r\n\xff\xfe\ufffe\U0010FFFF")
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		_ = xml.EscapeText(&want, []byte(s))
		var got strings.Builder
		escapeText(&got, s)
		if got.String() != want.String() {
			t.Fatalf("%q: got %q, encoding/xml writes %q", s, got.String(), want.String())
		}
	})
}

// TestFileExtKeepsCase: the extension goes into fileext as the name has it
// (the reference keeps its case), "undefined" without one.
func TestFileExtKeepsCase(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"Report.PDF": "PDF", "photo.JPeg": "JPeg", "a.tar.Gz": "Gz", "top10.csv": "csv",
		"README": "undefined", "trailing.": "undefined", "报告.Docx": "Docx",
	} {
		if got := FileExt(name); got != want {
			t.Errorf("FileExt(%q) = %q, want %q", name, got, want)
		}
		x, err := AppMsgXML(Attachment{Title: name, Size: 1, MediaID: "@m"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(x, "<fileext>"+want+"</fileext>") {
			t.Errorf("%q: appmsg %s, want fileext %q", name, x, want)
		}
	}
}

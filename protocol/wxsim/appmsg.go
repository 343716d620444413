package wxsim

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// appMsg is a file appmsg as the server reads it. It is parsed here, not
// with the client's code, so that a shared mistake cannot pass unseen.
type appMsg struct {
	XMLName  xml.Name `xml:"appmsg"`
	AppID    string   `xml:"appid,attr"`
	Title    string   `xml:"title"`
	Type     int      `xml:"type"`
	TotalLen int64    `xml:"appattach>totallen"`
	AttachID string   `xml:"appattach>attachid"`
	FileExt  string   `xml:"appattach>fileext"`
}

// parseAppMsg parses strictly: one well-formed <appmsg> and nothing after.
func parseAppMsg(s string) (appMsg, error) {
	var m appMsg
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	if err := d.Decode(&m); err != nil {
		return m, errors.New("malformed appmsg XML: " + err.Error())
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return m, nil
		}
		if err != nil {
			return m, errors.New("malformed appmsg XML: " + err.Error())
		}
		if cd, ok := tok.(xml.CharData); !ok || strings.TrimSpace(string(cd)) != "" {
			return m, errors.New("malformed appmsg XML: content after </appmsg>")
		}
	}
}

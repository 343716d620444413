package protocol

import (
	"bytes"
	"context"
	"encoding/json"
)

// StatReport is one entry of webwxstatreport, the page's statistics call (§8).
type StatReport struct {
	Type int    `json:"Type"` // 1 info, 2 *-error tags, 16 send errors
	Text string `json:"Text"` // a JSON string {type:'[tag]',data:…}
}

type statBase struct {
	Uin      int64  `json:"Uin"`
	Sid      string `json:"Sid"`
	DeviceID string `json:"DeviceID"`
}

type statBody struct {
	BaseRequest statBase     `json:"BaseRequest"`
	Count       int          `json:"Count"`
	List        []StatReport `json:"List"`
}

// NewStatReportRequest builds webwxstatreport?fun=new as the page sends it:
// a BaseRequest without Skey (§8). It is statistics only: wxdrop builds it
// for completeness and never sends it, to send nothing about the person.
func (c *Client) NewStatReportRequest(reports []StatReport) (*Request, error) {
	cl := c.newCall("webwxstatreport", mainHost, queryParam{"fun", "new"})
	c.withTicket(cl)
	br := c.baseRequest(cl.sess)
	b, err := json.Marshal(statBody{BaseRequest: statBase{Uin: br.Uin, Sid: br.Sid, DeviceID: br.DeviceID}, Count: len(reports), List: reports})
	if err != nil {
		return nil, err
	}
	req, err := newRequest(context.Background(), "POST", cl.URL(), bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	setPageHeaders(req, cl.sess, true)
	return req, nil
}

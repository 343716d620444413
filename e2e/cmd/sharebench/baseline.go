//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol"
)

// The baseline: plain JavaScript in the same service worker that puts on
// the wire what a send of the file through wxdrop must, and nothing
// more: the file fetched, webwxcheckupload, the 512 KiB chunks of
// webwxuploadmedia in sequence, webwxsendappmsg. It is timed as the
// extension's send is, from the harness's call into the worker to
// wxsim's taking the message. What it does not do is the MD5, which
// the chunks carry: it is given (JavaScript has no MD5 of its own), and
// what the extension spends on it is the extension's.

// Placeholders of the send request, made before the upload gave them.
const (
	mediaIDMark   = "WXDROPBENCHMEDIAID"
	signatureMark = "WXDROPBENCHSIGNATURE"
)

// wireRequest is a request the protocol client made, for JavaScript to
// send as it is.
type wireRequest struct {
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// capture is a protocol.Doer that keeps the request it is given and
// answers it Ret 0, without sending it.
type capture struct{ req *wireRequest }

func (c *capture) Do(r *protocol.Request) (*protocol.Response, error) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		body = b
		if cl, ok := r.Body.(io.Closer); ok {
			cl.Close()
		}
	}
	c.req = &wireRequest{URL: r.URL.String(), Headers: r.Header, Body: string(body)}
	ok := `{"BaseResponse":{"Ret":0,"ErrMsg":""},"MsgID":"1","LocalID":"1"}`
	return &protocol.Response{StatusCode: 200, Header: protocol.Header{"Content-Type": "application/json"}, ContentLength: int64(len(ok)), Body: io.NopCloser(strings.NewReader(ok))}, nil
}

// captured is the request the protocol client makes in call.
func captured(sess protocol.Session, call func(context.Context, *protocol.Client) error) (wireRequest, error) {
	var c capture
	cl, err := protocol.NewClient(&c, sess)
	if err != nil {
		return wireRequest{}, err
	}
	if err := call(context.Background(), cl); err != nil {
		return wireRequest{}, err
	}
	if c.req == nil {
		return wireRequest{}, fmt.Errorf("the protocol client made no request")
	}
	return *c.req, nil
}

// baselineJS sends the file as described above: check is the
// webwxcheckupload request and send the webwxsendappmsg one (both as
// wxdrop's protocol client makes them, the send's MediaId and Signature
// marked), and each chunk a FormData with the fields of the page's
// uploader.
const baselineJS = `(async (p) => {
  const post = async (r, body) => {
    const res = await fetch(r.url, {method: 'POST', headers: r.headers || {}, body, credentials: 'include', cache: 'no-store'});
    const j = await res.json();
    if (j.BaseResponse.Ret !== 0) throw new Error(r.url.split('?')[0] + ': ' + JSON.stringify(j.BaseResponse));
    return j;
  };
  const t0 = performance.now();
  const blob = await (await fetch(p.src, {credentials: 'include'})).blob();
  const t1 = performance.now();
  const cu = await post(p.check, p.check.body);
  const checkMs = performance.now() - t1;
  const chunk = 524288, chunks = Math.ceil(blob.size / chunk), id = Date.now();
  let media = '';
  for (let i = 0; i < chunks; i++) {
    const fd = new FormData();
    fd.append('id', 'WU_FILE_0');
    fd.append('name', p.name);
    fd.append('type', 'application/octet-stream');
    fd.append('lastModifiedDate', new Date().toString());
    fd.append('size', String(blob.size));
    fd.append('chunks', String(chunks));
    fd.append('chunk', String(i));
    fd.append('mediatype', 'doc');
    fd.append('uploadmediarequest', JSON.stringify({UploadType: 2, BaseRequest: p.base, ClientMediaId: id, TotalLen: blob.size,
      StartPos: 0, DataLen: blob.size, MediaType: 4, FromUserName: p.from, ToUserName: p.to, FileMd5: p.md5, AESKey: cu.AESKey, Signature: cu.Signature}));
    fd.append('webwx_data_ticket', p.ticket);
    fd.append('pass_ticket', p.pass);
    fd.append('filename', blob.slice(i * chunk, (i + 1) * chunk), p.name);
    media = (await post(p.upload, fd)).MediaId;
  }
  const chunksMs = performance.now() - t0;
  if (!/^[\w@-]+$/.test(media) || !/^[\w@-]*$/.test(cu.Signature)) throw new Error('MediaId or Signature to be escaped');
  await post(p.send, p.send.body.replaceAll(p.mediaMark, media).replaceAll(p.sigMark, cu.Signature));
  return [chunksMs - checkMs];
})`

// plain is what the baseline measured: its throughput (MiB/s) timed as
// the extension's is, and (old) as this benchmark timed it before: from
// its own first fetch to its last chunk's answer, without
// webwxcheckupload's round trip (it was made before) or webwxsendappmsg
// (not made). The two side by side show what the fair timing moved.
type plain struct{ rate, old float64 }

// baseline runs baselineJS in the worker for a file of about size bytes
// and returns its throughput and its phases.
func (b *bench) baseline(ctx context.Context, size int64) (plain, memory, phases, error) {
	size, md5hex := b.nextFile(size)
	sess, ok := b.sim.CurrentSession()
	if !ok {
		return plain{}, memory{}, phases{}, fmt.Errorf("no session")
	}
	ps := sess.Protocol()
	to := b.sim.UserName("zhangsan")
	name := "plain-" + strconv.FormatInt(size, 10) + ".bin"
	check, err := captured(ps, func(ctx context.Context, cl *protocol.Client) error {
		_, err := cl.CheckUpload(ctx, to, name, size, md5hex)
		return err
	})
	if err != nil {
		return plain{}, memory{}, phases{}, err
	}
	send, err := captured(ps, func(ctx context.Context, cl *protocol.Client) error {
		_, err := cl.SendUploaded(ctx, to, protocol.UploadResult{Kind: protocol.KindFile, Name: name, Size: size, MediaID: mediaIDMark, Signature: signatureMark}, strconv.FormatInt(time.Now().UnixMilli(), 10)+"0123")
		return err
	})
	if err != nil {
		return plain{}, memory{}, phases{}, err
	}
	pass, _ := url.QueryUnescape(sess.PassTicket)
	p := map[string]any{
		"src": siteOrigin + testsite.BigPath(size), "name": name, "md5": md5hex, "to": to, "from": sess.UserName,
		"check": check, "send": send, "mediaMark": mediaIDMark, "sigMark": signatureMark,
		"upload": wireRequest{URL: "https://file." + sess.Host + "/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json"},
		"base":   map[string]any{"Uin": sess.Uin, "Sid": sess.Sid, "Skey": sess.Skey, "DeviceID": "e123456789012345"},
		"ticket": sess.DataTicket, "pass": pass,
	}
	var pj bytes.Buffer
	enc := json.NewEncoder(&pj)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return plain{}, memory{}, phases{}, err
	}
	var start time.Time
	var ms []float64
	peak, err := b.sampled(ctx, func(wctx context.Context) error {
		start = time.Now()
		var err error
		ms, err = chromedp.Run(wctx, chromedp.Evaluate[[]float64](baselineJS+"("+strings.TrimSpace(pj.String())+")", chromedp.EvalAwaitPromise))
		return err
	})
	if err != nil {
		return plain{}, peak, phases{}, err
	}
	m, ok := b.sent(md5hex)
	if !ok {
		return plain{}, peak, phases{}, fmt.Errorf("the baseline's file is not among wxsim's messages")
	}
	ph := b.phases(start)
	if *verbose {
		fmt.Print("  baseline:")
		ph.print()
	}
	if len(ms) != 1 {
		return plain{}, peak, ph, fmt.Errorf("the baseline answered %v", ms)
	}
	mib := float64(size) / (1 << 20)
	return plain{rate: mib / m.Time.Sub(start).Seconds(), old: mib / (ms[0] / 1000)}, peak, ph, nil
}

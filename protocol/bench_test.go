package protocol_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// The upload benchmark runs the simulator in a child process (this test
// binary again, with benchServerEnv set), so that what it measures of
// allocations and heap is the client's alone.
const benchServerEnv = "WXDROP_BENCH_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(benchServerEnv) == "1" {
		serveBench()
		return
	}
	os.Exit(m.Run())
}

// benchHello is what the child tells the benchmark: where it listens, its
// CA, and the login (test values of a simulator, on a pipe, never logged).
type benchHello struct {
	Addr    string
	CertPEM []byte
	Session protocol.Session
	Cookies []*http.Cookie
	Peer    string
}

func serveBench() {
	sim, err := wxsim.New(wxsim.Config{DiscardMediaBytes: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sess, _ := sim.Login("wx.qq.com")
	_ = json.NewEncoder(os.Stdout).Encode(benchHello{Addr: sim.Addr(), CertPEM: sim.CertPEM(), Session: sess.Protocol(), Cookies: sess.Cookies(), Peer: sim.UserName("zhangsan")})
	_, _ = io.Copy(io.Discard, os.Stdin) // until the benchmark closes the pipe
	sim.Close()
}

type benchEnv struct {
	hc    *http.Client
	hello benchHello
}

func startBenchServer(b *testing.B) *benchEnv {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), benchServerEnv+"=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	var h benchHello
	if err := json.NewDecoder(stdout).Decode(&h); err != nil {
		b.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(h.CertPEM)
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse("https://wx.qq.com/")
	jar.SetCookies(u, h.Cookies)
	d := &net.Dialer{}
	tr := &http.Transport{
		DialContext:     func(ctx context.Context, n, _ string) (net.Conn, error) { return d.DialContext(ctx, n, h.Addr) },
		TLSClientConfig: &tls.Config{RootCAs: pool},
	}
	return &benchEnv{hc: &http.Client{Transport: tr, Jar: jar}, hello: h}
}

// baselineUpload is the plainest client that uploads the same file: one
// checkupload when the server wants it, then http.Client POSTs of the same
// 512 KiB chunks with the same form fields. Its MD5 is computed before the
// clock starts; wxdrop's is part of what wxdrop is timed for.
func baselineUpload(b *testing.B, e *benchEnv, file io.ReaderAt, size int, sum string, mediaID int64) {
	s := e.hello.Session
	chunk := make([]byte, protocol.ChunkSize)
	base := map[string]any{"Uin": s.Uin, "Sid": s.Sid, "Skey": s.Skey, "DeviceID": "e123456789012345"}
	umr := map[string]any{"UploadType": 2, "BaseRequest": base, "ClientMediaId": mediaID, "TotalLen": size, "StartPos": 0, "DataLen": size,
		"MediaType": 4, "FromUserName": s.UserName, "ToUserName": e.hello.Peer, "FileMd5": sum}
	post := func(u, ctype string, body []byte) []byte {
		req, _ := http.NewRequest("POST", u, bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Origin", "https://wx.qq.com")
		req.Header.Set("Referer", "https://wx.qq.com/")
		if req.URL.Host == "wx.qq.com" {
			req.Header.Set("Sec-Fetch-Site", "same-origin")
		} else {
			req.Header.Set("Sec-Fetch-Site", "same-site")
		}
		resp, err := e.hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return out
	}
	if size > protocol.CheckUploadOver {
		cb, _ := json.Marshal(map[string]any{"BaseRequest": base, "FromUserName": s.UserName, "ToUserName": e.hello.Peer, "FileSize": size, "FileMd5": sum, "FileName": "bench.bin", "FileType": 7})
		var cu struct{ AESKey, Signature string }
		_ = json.Unmarshal(post("https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxcheckupload", "application/json;charset=UTF-8", cb), &cu)
		umr["AESKey"], umr["Signature"] = cu.AESKey, cu.Signature
	}
	umrJSON, _ := json.Marshal(umr)
	chunks := (size + protocol.ChunkSize - 1) / protocol.ChunkSize
	var body bytes.Buffer
	var last []byte
	for i := 0; i < chunks; i++ {
		body.Reset()
		w := multipart.NewWriter(&body)
		for _, kv := range [][2]string{{"id", "WU_FILE_0"}, {"name", "bench.bin"}, {"type", "application/octet-stream"}, {"lastModifiedDate", "Tue Oct 18 2016 11:37:40 GMT+0800 (CST)"},
			{"size", strconv.Itoa(size)}, {"chunks", strconv.Itoa(chunks)}, {"chunk", strconv.Itoa(i)}, {"mediatype", "doc"}, {"uploadmediarequest", string(umrJSON)},
			{"webwx_data_ticket", s.DataTicket}, {"pass_ticket", "undefined"}} {
			_ = w.WriteField(kv[0], kv[1])
		}
		fw, _ := w.CreateFormFile("filename", "bench.bin")
		n, _ := file.ReadAt(chunk[:min(protocol.ChunkSize, size-i*protocol.ChunkSize)], int64(i*protocol.ChunkSize))
		_, _ = fw.Write(chunk[:n])
		_ = w.Close()
		last = post("https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json", w.FormDataContentType(), body.Bytes())
	}
	if !bytes.Contains(last, []byte(`"MediaId":"@crypt_`)) {
		b.Fatalf("baseline upload failed: %s", last)
	}
}

// heapSampler records the most heap in use while it runs.
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	peak atomic.Uint64
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) end() uint64 { close(h.stop); <-h.done; return h.peak.Load() }

// BenchmarkUploadVsBaseline uploads 64 MiB and 256 MiB files to wxsim over
// loopback with wxdrop's client and with the baseline, alternately in every
// iteration, and reports throughput of both, their ratio, and what the
// client allocated and held. Run it with `make bench`.
func BenchmarkUploadVsBaseline(b *testing.B) {
	e := startBenchServer(b)
	sleep := protocol.WithSleep(func(context.Context, time.Duration) error { return nil })
	c, err := protocol.NewClient(httpdoer.New(e.hc), e.hello.Session, sleep)
	if err != nil {
		b.Fatal(err)
	}
	for _, mib := range []int{64, 256} {
		// Both read the file from disk, off the Go heap, as wxdrop reads a
		// Blob in the browser: the heap then holds only what the clients do.
		size := mib << 20
		f, err := os.CreateTemp(b.TempDir(), "upload")
		if err != nil {
			b.Fatal(err)
		}
		for off := 0; off < size; off += 1 << 20 {
			if _, err := f.Write(randomBytes(1<<20, uint64(off))); err != nil {
				b.Fatal(err)
			}
		}
		first := []byte{0}
		b.Run(fmt.Sprintf("%dMiB", mib), func(b *testing.B) {
			var libDur, baseDur, sumDur time.Duration
			var libAlloc, libPeak uint64
			for i := 0; i < b.N; i++ {
				first[0]++ // a new file each time, so checkupload never finds it
				if _, err := f.WriteAt(first, 0); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				hs := sampleHeap()
				t0 := time.Now()
				if _, err := c.Upload(context.Background(), protocol.Upload{To: e.hello.Peer, Name: "bench.bin", Size: int64(size), Data: f}); err != nil {
					b.Fatal(err)
				}
				libDur += time.Since(t0)
				peak := hs.end()
				runtime.ReadMemStats(&m1)
				libAlloc += m1.TotalAlloc - m0.TotalAlloc
				libPeak = max(libPeak, peak-min(peak, m0.HeapAlloc))

				first[0]++
				if _, err := f.WriteAt(first, 0); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				sum, err := protocol.FileMD5(f, int64(size))
				if err != nil {
					b.Fatal(err)
				}
				sumDur += time.Since(t1)
				t2 := time.Now()
				baselineUpload(b, e, f, size, sum, time.Now().UnixMilli())
				baseDur += time.Since(t2)
			}
			n := float64(b.N)
			mbps := func(d time.Duration) float64 { return float64(size) * n / d.Seconds() / 1e6 }
			b.ReportMetric(mbps(libDur), "wxdrop-MB/s")
			b.ReportMetric(mbps(baseDur), "baseline-MB/s")
			b.ReportMetric(baseDur.Seconds()/libDur.Seconds(), "ratio")
			// The same baseline with its MD5 pass on the clock: what is left
			// is wxdrop's own overhead.
			b.ReportMetric((baseDur+sumDur).Seconds()/libDur.Seconds(), "ratio-vs-hashing-baseline")
			b.ReportMetric(float64(libAlloc)/n, "wxdrop-alloc-B/op")
			b.ReportMetric(float64(libAlloc)/n/float64(size/protocol.ChunkSize), "wxdrop-alloc-B/chunk")
			b.ReportMetric(float64(libPeak)/(1<<20), "wxdrop-peak-heap-MiB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

package embed_test

import (
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/backers/backers/handlers"
	"github.com/backers/backers/internal/testdb"
	"github.com/backers/backers/scripts/loadgen"
)

// BenchmarkEmbed100k serves an embed of a generated contest with 100,000 events: "memory" is
// the steady state of a viral embed (served from the in-memory cache), "rendered" invalidates
// the cache before every request (as a write would) so each one is built from SQLite, and
// "not-modified" is a CDN revalidating with If-None-Match.
func BenchmarkEmbed100k(b *testing.B) {
	st := testdb.Open(b)
	if _, err := loadgen.Generate(st, 100_000); err != nil {
		b.Fatal(err)
	}
	app := handlers.NewApp(&handlers.Handler{Store: st})
	serve := app.Handler()
	for _, chart := range []string{"support-over-time", "by-kind"} {
		target := "/embed/" + loadgen.Slug + "/" + chart
		request := func(ctx *fasthttp.RequestCtx, etag string) {
			ctx.Request.Reset()
			ctx.Response.Reset()
			ctx.Request.SetRequestURI(target)
			ctx.Request.Header.SetMethod(fasthttp.MethodGet)
			ctx.Request.Header.SetHost("bench.example")
			if etag != "" {
				ctx.Request.Header.Set("If-None-Match", etag)
			}
			serve(ctx)
		}
		var ctx fasthttp.RequestCtx
		request(&ctx, "")
		if ctx.Response.StatusCode() != 200 {
			b.Fatalf("%s: %d", target, ctx.Response.StatusCode())
		}
		b.Run(chart+"/memory", func(b *testing.B) {
			var ctx fasthttp.RequestCtx
			for b.Loop() {
				request(&ctx, "")
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("%d", ctx.Response.StatusCode())
				}
			}
			b.SetBytes(int64(len(ctx.Response.Body())))
		})
		b.Run(chart+"/not-modified", func(b *testing.B) {
			var ctx fasthttp.RequestCtx
			request(&ctx, "")
			etag := string(ctx.Response.Header.Peek("ETag"))
			for b.Loop() {
				request(&ctx, etag)
				if ctx.Response.StatusCode() != 304 {
					b.Fatalf("%d", ctx.Response.StatusCode())
				}
			}
		})
		b.Run(chart+"/rendered", func(b *testing.B) {
			var ctx fasthttp.RequestCtx
			for b.Loop() {
				st.Touch()
				request(&ctx, "")
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("%d", ctx.Response.StatusCode())
				}
			}
		})
	}
}

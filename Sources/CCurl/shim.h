#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are C variadic functions, which Swift
 * cannot call: one typed, non-variadic wrapper per argument kind. */
typedef size_t (*psl_curl_data_cb)(char *data, size_t size, size_t nmemb, void *userdata);

static inline CURLcode psl_curl_setopt_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode psl_curl_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode psl_curl_setopt_pointer(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode psl_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode psl_curl_setopt_callback(CURL *h, CURLoption o, psl_curl_data_cb cb) {
    return curl_easy_setopt(h, o, cb);
}
static inline CURLcode psl_curl_getinfo_long(CURL *h, CURLINFO i, long *out) {
    return curl_easy_getinfo(h, i, out);
}
static inline long psl_curl_global_default(void) { return CURL_GLOBAL_DEFAULT; }

/* CURLOPT_XFERINFOFUNCTION takes a callback with curl_off_t arguments; a non-zero return aborts
 * the transfer, which is how a cancelled Swift Task stops a running request. */
typedef int (*psl_curl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode psl_curl_setopt_xferinfo(CURL *h, psl_curl_xferinfo_cb cb) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}
static inline CURLcode psl_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
static inline int psl_curl_error_size(void) { return CURL_ERROR_SIZE; }
/* CURLINFO_CERTINFO (after CURLOPT_CERTINFO): the peer's chain, one slist of "Name:value" per
 * certificate, owned by the handle. */
static inline CURLcode psl_curl_getinfo_certinfo(CURL *h, struct curl_certinfo **out) {
    return curl_easy_getinfo(h, CURLINFO_CERTINFO, out);
}
#endif

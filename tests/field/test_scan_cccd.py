"""'Quét CCCD' (issue 13): the rear camera reads the QR on a chip CCCD card and fills the citizen block.

Chromium's fake camera plays a Y4M file made here from a CCCD-style QR (qrcode + Pillow). Both decoders:
the fallback (the vendored jsQR, imported on demand and cached for offline use) reads the real camera
frames; Chromium on Linux has no BarcodeDetector, so the native path runs against a stand-in with the
API's shape that answers the QR's text once the camera's video plays. Both prove the address, the old
CMND and the issue date reach neither IndexedDB nor the server, and the offline flow counts the taps
and the typed characters of a named VNeID level-2 activation (≤ 5 and 0).
"""

from __future__ import annotations

import json

import pytest
import qrcode
from PIL import Image

from records.models import AssistanceRecord
from tests.database_scan import all_text_values

from .test_offline_capture import local_dump, sign_in, wait_offline_ready

pytestmark = pytest.mark.browser

CCCD = "051190001234"  # Quảng Ngãi (051), a woman born in the 1900s (1), 1990
OLD_CMND = "212345678"
ADDRESS = "Tổ dân phố 3, phường Chánh Lộ, Quảng Ngãi"
ISSUED = "10072021"
NAME = "Nguyễn Thị Lan"
QR_TEXT = f"{CCCD}|{OLD_CMND}|{NAME}|15081990|Nữ|{ADDRESS}|{ISSUED}"
SECRETS = (OLD_CMND, ADDRESS, "Chánh Lộ, Quảng Ngãi", ISSUED)

COUNTERS = """
window.__taps = 0; window.__typed = 0;
addEventListener('click', (e) => { if (e.isTrusted) window.__taps += 1; }, true);
addEventListener('keydown', (e) => { if (e.isTrusted) window.__typed += 1; }, true);
addEventListener('beforeinput', (e) => { if (e.isTrusted && e.data) window.__typed += e.data.length; }, true);
"""

NO_BARCODE_DETECTOR = "delete window.BarcodeDetector;"

# The BarcodeDetector API's shape; it answers only for a playing camera video, as the real one would.
STAND_IN_DETECTOR = """
window.BarcodeDetector = class {
  static async getSupportedFormats() { return ['qr_code', 'ean_13']; }
  constructor(options) { window.__detectorFormats = options.formats; }
  async detect(source) {
    if (!(source instanceof HTMLVideoElement) || !source.srcObject || !source.videoWidth) return [];
    return [{ format: 'qr_code', rawValue: __QR__ }];
  }
};
""".replace("__QR__", json.dumps(QR_TEXT))


def cccd_card_video(path):
    """A Y4M (4:2:0) of a few identical 640×480 frames: the card's QR held in front of the camera."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=4)
    qr.add_data(QR_TEXT.encode("utf-8"))
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").convert("L")
    side = min(440, code.size[0] * (440 // code.size[0]) or code.size[0])
    code = code.resize((side, side), Image.NEAREST)
    frame = Image.new("L", (640, 480), 235)
    frame.paste(code, ((640 - side) // 2, (480 - side) // 2))
    y, cb, cr = frame.convert("RGB").convert("YCbCr").split()
    half = (320, 240)
    chunk = b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    path.write_bytes(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n" + chunk * 10)
    return path


def scan_and_save(page):
    page.click("a.big[data-service='vneid_l2']")
    page.click("#scan-btn")
    consent = page.locator("#scan-consent")
    assert "đồng ý" in consent.inner_text() and "không lưu" in consent.inner_text()
    assert page.locator("#scan-video").count() == 0  # no camera before the citizen's answer
    page.click("#scan-agree")
    page.wait_for_function(f"() => document.querySelector('input[name=cccd]').value === '{CCCD}'")
    assert page.input_value("input[name=full_name]") == NAME
    assert page.input_value("input[name=birth_year]") == "1990"
    assert page.input_value("select[name=gender]") == "female"
    assert page.is_checked("input[name=consent]")
    assert page.locator("#scan-box").count() == 0  # the camera view is closed
    assert page.evaluate("() => !document.querySelector('video') ")
    form_text = page.locator("#record-form").evaluate("f => f.outerHTML + [...f.elements].map(e => e.value).join('|')")
    for secret in SECRETS:
        assert secret not in form_text
    decoder = page.get_attribute("#scan-btn", "data-decoder")
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")
    page.locator("li.rec", has_text=NAME).wait_for()
    return decoder


def assert_nothing_kept(page, context):
    dump = local_dump(page)
    for secret in SECRETS:
        assert secret not in dump
    bodies = "\n".join(context.sent)
    assert CCCD in bodies  # the sync body was seen (the CCCD goes to the server, which keeps only its hash)
    for secret in SECRETS:
        assert secret not in bodies
    record = AssistanceRecord.objects.select_related("citizen", "service_type").get()
    assert record.service_type.code == "vneid_l2"
    assert record.citizen.full_name == NAME and record.citizen.birth_year == 1990
    assert record.citizen.gender == "female"
    for table, text in all_text_values():
        for secret in SECRETS:
            assert secret not in text, table


def wait_sent(page):
    page.wait_for_function("() => document.querySelector('#pending').dataset.count === '0' && "
                           "!document.querySelector('#sync-btn').disabled", timeout=30_000)
    page.locator("li.rec[data-state='sent']", has_text=NAME).wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # the app's last requests done: the test's SQLite is shared with the live server


def test_offline_scan_with_the_vendored_decoder_logs_a_named_activation_in_4_taps_and_no_typing(camera_phone,
                                                                                                demo):
    context = camera_phone
    context.add_init_script(NO_BARCODE_DETECTOR)
    context.add_init_script(COUNTERS)
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)  # the shell and the decoder are cached
    assert page.evaluate("() => !('BarcodeDetector' in window)")
    assert page.evaluate("() => [...document.scripts].every(s => !s.src.includes('jsqr'))")

    context.set_offline(True)
    page.evaluate("() => { window.__taps = 0; window.__typed = 0; }")
    assert scan_and_save(page) == "jsqr"
    taps, typed = page.evaluate("() => [window.__taps, window.__typed]")
    assert taps <= 5, f"{taps} taps"
    assert typed == 0, f"{typed} characters typed"
    assert page.locator("li.rec[data-state='pending']", has_text=NAME).count() == 1
    assert page.evaluate("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/vendor/jsqr.js'))")

    context.set_offline(False)
    wait_sent(page)
    assert_nothing_kept(page, context)


def test_scan_with_the_browsers_barcode_detector_does_not_load_the_fallback(camera_phone, demo):
    context = camera_phone
    context.add_init_script(STAND_IN_DETECTOR)
    page = context.new_page()
    sign_in(page)
    assert scan_and_save(page) == "native"
    assert page.evaluate("() => window.__detectorFormats") == ["qr_code"]
    wait_sent(page)
    assert_nothing_kept(page, context)
    # the native path never imported the decoder module (the service worker may have cached it, unexecuted)
    assert page.evaluate("() => performance.getEntriesByType('resource')"
                         ".filter(e => e.name.endsWith('/vendor/jsqr.js') && e.initiatorType !== 'fetch').length") == 0


def test_a_qr_that_is_not_a_cccd_fills_nothing(camera_phone, demo):
    context = camera_phone
    context.add_init_script(STAND_IN_DETECTOR.replace(json.dumps(QR_TEXT), json.dumps("https://example.vn/x")))
    page = context.new_page()
    sign_in(page)
    page.click("a.big[data-service='vneid_l2']")
    page.click("#scan-btn")
    page.click("#scan-agree")
    page.locator("#scan-status", has_text="không phải của thẻ CCCD").wait_for()
    page.click("#scan-stop")
    assert page.locator("#scan-box").count() == 0
    assert page.input_value("input[name=cccd]") == ""
    assert not page.is_checked("input[name=consent]")

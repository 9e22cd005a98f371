// After django-otp-webauthn registered a passkey, go on to the page the server named
// (data-after on the passkey block): the recovery codes after a first factor, else the
// list of factors.
document.addEventListener("otp_webauthn.register_complete", function () {
  const block = document.querySelector("[data-after]");
  if (block) {
    window.location.assign(block.dataset.after);
  }
});

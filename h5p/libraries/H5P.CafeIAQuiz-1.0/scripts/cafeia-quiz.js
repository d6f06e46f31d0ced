// Café IA Quiz (MIT): a practice quiz whose questions are H5P sub-contents. "Vérifier" scores every question
// (each reports `answered` with its subContentId) and the quiz itself (`completed` with the total score, success
// against the pass percentage and the time spent). getXAPIData() and getCurrentState() follow the H5P contracts
// (reporting and "resume where you left off").
var H5P = window.H5P = window.H5P || {};
H5P.CafeIAQuiz = (function (EventDispatcher, Feedback) {
  function CafeIAQuiz(params, contentId, extras) {
    EventDispatcher.call(this);
    extras = extras || {};
    this.params = params || {};
    this.contentId = contentId;
    this.extras = extras;
    var state = extras.previousState || {};
    this.l10n = this.params.l10n || {};
    this.startedAt = Date.now();
    this.checked = !!state.checked;
    var self = this;
    this.questions = (this.params.questions || []).map(function (question, index) {
      var previous = state.questions && state.questions[index];
      return H5P.newRunnable(question, contentId, undefined, true, { parent: self, previousState: previous });
    });
  }
  CafeIAQuiz.prototype = Object.create(EventDispatcher.prototype);
  CafeIAQuiz.prototype.constructor = CafeIAQuiz;

  CafeIAQuiz.prototype.attach = function ($container) {
    var self = this;
    var root = $container.get ? $container.get(0) : $container;
    root.classList.add("cafeia-quiz");
    root.innerHTML = "";
    if (this.params.intro) {
      var intro = Feedback.element("div", "cafeia-quiz__intro");
      intro.textContent = String(this.params.intro).replace(/<[^>]*>/g, "");
      root.appendChild(intro);
    }
    if (this.params.image && this.params.image.path) {
      var img = document.createElement("img");
      img.className = "cafeia-quiz__image";
      img.alt = this.params.image.alt || "";
      img.src = H5P.getPath(this.params.image.path, this.contentId);
      root.appendChild(img);
    }
    this.questions.forEach(function (question) {
      var box = document.createElement("div");
      root.appendChild(box);
      question.attach(H5P.jQuery ? H5P.jQuery(box) : box);
      question.on("changed", function () { self.trigger("changed"); });
    });
    this.button = Feedback.element("button", "cafeia-quiz__check", this.l10n.check || "Vérifier");
    this.button.type = "button";
    this.button.addEventListener("click", function () {
      if (self.checked) self.resetTask(); else self.check();
    });
    root.appendChild(this.button);
    this.root = root;
    if (this.checked) this.showScore();
    this.trigger("resize");
  };

  CafeIAQuiz.prototype.getScore = function () {
    return this.questions.reduce(function (sum, q) { return sum + q.getScore(); }, 0);
  };
  CafeIAQuiz.prototype.getMaxScore = function () {
    return this.questions.reduce(function (sum, q) { return sum + q.getMaxScore(); }, 0);
  };
  CafeIAQuiz.prototype.getAnswerGiven = function () {
    return this.questions.some(function (q) { return q.getAnswerGiven(); });
  };
  CafeIAQuiz.prototype.passed = function () {
    var max = this.getMaxScore();
    return max > 0 && (100 * this.getScore()) / max >= (this.params.passPercentage || 0);
  };

  CafeIAQuiz.prototype.showScore = function () {
    var text = (this.l10n.score || "Score : @score / @total")
      .replace("@score", this.getScore()).replace("@total", this.getMaxScore());
    Feedback.message(this.root, text, this.passed());
    this.button.textContent = this.l10n.retry || "Recommencer";
  };

  CafeIAQuiz.prototype.check = function () {
    this.questions.forEach(function (q) { q.check(); });
    this.checked = true;
    this.showScore();
    var event = this.createXAPIEventTemplate("completed");
    this.describe(event);
    event.setScoredResult(this.getScore(), this.getMaxScore(), this, true, this.passed());
    event.data.statement.result.duration = "PT" + Math.max(1, Math.round((Date.now() - this.startedAt) / 1000)) + "S";
    this.trigger(event);
    this.trigger("resize");
  };

  CafeIAQuiz.prototype.resetTask = function () {
    this.questions.forEach(function (q) { q.reset(); });
    this.checked = false;
    this.startedAt = Date.now();
    Feedback.clear(this.root);
    this.button.textContent = this.l10n.check || "Vérifier";
    this.trigger("changed");
  };

  CafeIAQuiz.prototype.describe = function (event) {
    var definition = event.getVerifiedStatementValue(["object", "definition"]);
    definition.name = { "fr-FR": (this.extras.metadata && this.extras.metadata.title) || "Café IA Quiz" };
    definition.type = "http://adlnet.gov/expapi/activities/cmi.interaction";
    definition.interactionType = "compound"; // as H5P's own composite types say (the relay maps it to "other")
  };

  // H5P reporting contract: the quiz's own statement and its questions' statements as children.
  CafeIAQuiz.prototype.getXAPIData = function () {
    var event = this.createXAPIEventTemplate("answered");
    this.describe(event);
    event.setScoredResult(this.getScore(), this.getMaxScore(), this, true, this.passed());
    return {
      statement: event.data.statement,
      children: this.questions.map(function (q) { return q.getXAPIData(); }),
    };
  };

  CafeIAQuiz.prototype.getCurrentState = function () {
    return {
      checked: this.checked,
      questions: this.questions.map(function (q) { return q.getCurrentState(); }),
    };
  };

  return CafeIAQuiz;
})(H5P.EventDispatcher, H5P.CafeIAFeedback);

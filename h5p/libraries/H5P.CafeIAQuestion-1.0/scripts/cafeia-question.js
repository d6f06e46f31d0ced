// Café IA Question (MIT): one single- or multiple-choice question, played as a sub-content of the Café IA Quiz.
// It reports its own scored `answered` statement (an H5P sub-content: the object id carries ?subContentId=).
var H5P = window.H5P = window.H5P || {};
H5P.CafeIAQuestion = (function (EventDispatcher, Feedback) {
  var counter = 0;

  function CafeIAQuestion(params, contentId, extras) {
    EventDispatcher.call(this);
    extras = extras || {};
    this.params = params || {};
    this.contentId = contentId;
    this.answers = this.params.answers || [];
    this.selected = (extras.previousState && extras.previousState.selected) || [];
    this.checked = false;
    this.uid = "cafeia-q-" + (++counter);
  }
  CafeIAQuestion.prototype = Object.create(EventDispatcher.prototype);
  CafeIAQuestion.prototype.constructor = CafeIAQuestion;

  CafeIAQuestion.prototype.attach = function ($container) {
    var self = this;
    var root = $container.get ? $container.get(0) : $container;
    root.classList.add("cafeia-question");
    var fieldset = Feedback.element("fieldset", "cafeia-question__fieldset");
    fieldset.appendChild(Feedback.element("legend", "cafeia-question__text", this.params.question || ""));
    this.answers.forEach(function (answer, index) {
      var id = self.uid + "-" + index;
      var row = Feedback.element("div", "cafeia-question__answer");
      var input = document.createElement("input");
      input.type = self.params.multiple ? "checkbox" : "radio";
      input.name = self.uid;
      input.id = id;
      input.value = String(index);
      input.checked = self.selected.indexOf(index) !== -1;
      input.addEventListener("change", function () {
        self.readSelection();
        self.trigger("changed");
      });
      var label = Feedback.element("label", "", answer.text || "");
      label.htmlFor = id;
      row.appendChild(input);
      row.appendChild(label);
      fieldset.appendChild(row);
    });
    root.appendChild(fieldset);
    this.root = root;
  };

  CafeIAQuestion.prototype.readSelection = function () {
    var inputs = this.root.querySelectorAll("input");
    this.selected = [];
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) this.selected.push(i);
  };

  CafeIAQuestion.prototype.correctIndexes = function () {
    var result = [];
    this.answers.forEach(function (answer, index) {
      if (answer.correct) result.push(index);
    });
    return result;
  };

  CafeIAQuestion.prototype.getScore = function () {
    var correct = this.correctIndexes();
    var same = correct.length === this.selected.length && correct.every(function (i) {
      return this.selected.indexOf(i) !== -1;
    }, this);
    return same ? 1 : 0;
  };
  CafeIAQuestion.prototype.getMaxScore = function () {
    return 1;
  };
  CafeIAQuestion.prototype.getAnswerGiven = function () {
    return this.selected.length > 0;
  };

  CafeIAQuestion.prototype.check = function () {
    this.checked = true;
    var ok = this.getScore() === 1;
    var feedback = this.answers
      .filter(function (answer, index) { return this.selected.indexOf(index) !== -1 && answer.feedback; }, this)
      .map(function (answer) { return answer.feedback; })
      .join(" ");
    Feedback.message(this.root, (ok ? "Bonne réponse. " : "Ce n’est pas la bonne réponse. ") + feedback, ok);
    this.trigger(this.createAnsweredEvent());
  };

  CafeIAQuestion.prototype.reset = function () {
    this.selected = [];
    this.checked = false;
    var inputs = this.root.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) inputs[i].checked = false;
    Feedback.clear(this.root);
  };

  // The xAPI `answered` statement of this question: interaction definition, response, scaled score.
  CafeIAQuestion.prototype.createAnsweredEvent = function () {
    var event = this.createXAPIEventTemplate("answered");
    var definition = event.getVerifiedStatementValue(["object", "definition"]);
    definition.name = { "fr-FR": this.params.question || "" };
    definition.description = { "fr-FR": this.params.question || "" };
    definition.type = "http://adlnet.gov/expapi/activities/cmi.interaction";
    definition.interactionType = "choice";
    definition.correctResponsesPattern = [this.correctIndexes().join("[,]")];
    definition.choices = this.answers.map(function (answer, index) {
      return { id: String(index), description: { "fr-FR": answer.text || "" } };
    });
    event.setScoredResult(this.getScore(), this.getMaxScore(), this, true, this.getScore() === 1);
    event.data.statement.result.response = this.selected.join("[,]");
    return event;
  };

  CafeIAQuestion.prototype.getXAPIData = function () {
    return { statement: this.createAnsweredEvent().data.statement };
  };

  CafeIAQuestion.prototype.getCurrentState = function () {
    return { selected: this.selected.slice() };
  };

  return CafeIAQuestion;
})(H5P.EventDispatcher, H5P.CafeIAFeedback);

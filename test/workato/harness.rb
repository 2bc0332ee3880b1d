# A small stand-in for Workato's connector runtime, enough to drive a generated connector.rb in tests:
# the HTTP DSL (get/post/put/patch/delete/options/head, params, payload, headers, request_body, request and
# response formats, after_response, after_error_response, user/password), `call`, `error`, authorization
# (apply, acquire, refresh on refresh_on, multi), object definitions, pick lists, actions (with input
# conversions and retry_on_response), polling and webhook triggers. Requests go out with Net::HTTP.
#
# Usage: ruby harness.rb connector.rb script.json
# The script is { "settings": {...}, "steps": [{ "op": ..., ... }] }; the output is one JSON document
# { "results": [{ "ok": value } | { "error": message, "class": name }], "settings": {...} } on stdout.

require 'json'
require 'net/http'
require 'stringio'
require 'time'
require 'uri'

module Harness
  class RequestError < StandardError
    attr_reader :code, :body, :verb

    def initialize(code, body, verb)
      super(code.to_s + ' ' + body.to_s[0, 300])
      @code = code
      @body = body
      @verb = verb
    end
  end

  # Calls a lambda with as many positional arguments as it takes (Workato passes more than most declare).
  def self.run(target, block, *args, **kwargs)
    params = block.parameters
    unless params.any? { |type, _| type == :rest }
      max = params.count { |type, _| type == :req || type == :opt }
      args = args.first(max)
    end
    kwargs = {} unless params.any? { |type, _| %i[key keyreq keyrest].include?(type) }
    target.instance_exec(*args, **kwargs, &block)
  end

  # Requests are lazy, as in Workato: they run when their result is first used.
  class Request
    def initialize(context, verb, url)
      @context = context
      @verb = verb
      @url = url
      @headers = {}
      @params = {}
      @payload = nil
      @render = :raw
      @parse = :raw
      @content_type = nil
      @accept = nil
      @after_response = nil
      @after_error = nil
      @error_matches = []
      @user = nil
      @password = nil
      @done = false
    end

    attr_reader :verb

    def headers(hash)
      @headers.merge!(hash.transform_keys(&:to_s))
      self
    end

    def params(hash)
      @params.merge!(hash.transform_keys(&:to_s)) if hash
      self
    end

    def payload(value = nil)
      case value
      when nil then nil
      when Array then @payload = (@payload || []) + value
      else @payload = (@payload || {}).merge(value.transform_keys(&:to_s))
      end
      self
    end

    def request_body(body)
      @payload = body
      @render = :raw
      self
    end

    def format_json
      request_format_json.response_format_json
    end

    def request_format_json
      @content_type = 'application/json'
      @render = :json
      self
    end

    def request_format_www_form_urlencoded
      @content_type = 'application/x-www-form-urlencoded'
      @render = :form
      self
    end

    def request_format_multipart_form
      @content_type = nil
      @render = :multipart
      self
    end

    def response_format_json
      @accept = 'application/json'
      @parse = :json
      self
    end

    def response_format_raw
      @parse = :raw
      self
    end

    def user(value)
      @user = value
      self
    end

    def password(value)
      @password = value
      self
    end

    def after_response(&block)
      @after_response = block
      self
    end

    def after_error_response(*matches, &block)
      @error_matches = matches
      @after_error = block
      self
    end

    def execute!
      return @result if @done

      @result = @context.connector.with_authorization(@context, self) { perform }
      @done = true
      @result
    end

    def method_missing(name, *args, &block)
      execute!.send(name, *args, &block)
    end

    def respond_to_missing?(_name, _include_private = false)
      true
    end

    private

    def perform
      uri = build_uri
      request = Net::HTTP.const_get(@verb.capitalize).new(uri)
      headers = @headers.dup
      headers['Content-Type'] = @content_type if @content_type && headers.keys.none? { |k| k.casecmp?('content-type') }
      headers['Accept'] = @accept if @accept && headers.keys.none? { |k| k.casecmp?('accept') }
      body = render_body(request)
      headers.each { |k, v| request[k] = v.to_s unless v.nil? }
      request.basic_auth(@user.to_s, @password.to_s) if @user || @password
      request.body = body if body
      response = Net::HTTP.start(uri.host, uri.port) { |http| http.request(request) }
      code = response.code.to_i
      response_headers = {}
      response.each_header { |k, v| response_headers[k.tr('-', '_').to_sym] = v }
      if code >= 400
        error = RequestError.new(code, response.body, @verb)
        raise error unless @after_error && error_matches?(error)

        return Harness.run(@context, @after_error, code, response.body, response_headers, error.message)
      end
      parsed = @parse == :json ? JSON.parse(response.body.to_s.empty? ? '{}' : response.body) : response.body.to_s
      @after_response ? Harness.run(@context, @after_response, code, parsed, response_headers) : parsed
    end

    def error_matches?(error)
      @error_matches.any? do |m|
        case m
        when Integer then m == error.code
        when Regexp then m.match?(error.message) || m.match?(error.body.to_s)
        else error.message.include?(m.to_s) || error.body.to_s.include?(m.to_s)
        end
      end
    end

    def build_uri
      base = @context.connector.base_uri(@context.settings)
      uri = base ? URI.parse(base).merge(@url) : URI.parse(@url)
      query = @params.map { |k, v| [k, v] }.sort_by(&:first).map do |k, v|
        URI.encode_www_form_component(k) + '=' + URI.encode_www_form_component(v.to_s)
      end
      uri.query = [uri.query, *query].compact.reject(&:empty?).join('&') unless query.empty?
      uri
    end

    def render_body(request)
      return nil if @payload.nil?

      case @render
      when :json then JSON.generate(@payload)
      when :form
        return @payload.to_s unless @payload.is_a?(Hash)

        @payload.sort_by { |k, _| k.to_s }.map do |k, v|
          URI.encode_www_form_component(k.to_s) + '=' + URI.encode_www_form_component(v.to_s)
        end.join('&')
      when :multipart
        parts = @payload.map do |name, value|
          if value.is_a?(Array)
            content, type, file_name = value
            [name.to_s, StringIO.new(content.to_s), { filename: file_name || name.to_s, content_type: type }]
          else
            [name.to_s, value.to_s]
          end
        end
        request.set_form(parts, 'multipart/form-data')
        nil
      else @payload.to_s
      end
    end
  end

  # What the connector's lambdas run in: the DSL.
  class Context
    attr_reader :connector

    def initialize(connector, skip_auth: false)
      @connector = connector
      @skip_auth = skip_auth
    end

    def skip_auth?
      @skip_auth
    end

    def settings
      @connector.settings
    end

    %w[get options head].each do |verb|
      define_method(verb) do |url, params = {}|
        Request.new(self, verb.upcase, url).params(params).response_format_json
      end
    end

    %w[post put patch delete].each do |verb|
      define_method(verb) do |url, payload = nil|
        Request.new(self, verb.upcase, url).payload(payload).format_json
      end
    end

    def call(name, *args)
      method = @connector.source[:methods][name.to_sym] || @connector.source[:methods][name.to_s]
      raise NoMethodError, 'no method ' + name.to_s unless method

      Harness.run(self, method, *args)
    end

    def error(message)
      raise RuntimeError, message.to_s
    end
  end

  # Object definitions resolved lazily through their fields lambdas, each once per schema (as Workato does);
  # a definition needed while it is being resolved means a reference loop.
  class ObjectDefinitions
    def initialize(connector)
      @connector = connector
      @cache = {}
      @resolving = []
    end

    def [](key)
      key = key.to_s
      return @cache[key] if @cache.key?(key)
      raise 'object definition reference loop: ' + (@resolving + [key]).join(' > ') if @resolving.include?(key)

      definition = @connector.source[:object_definitions][key.to_sym] || @connector.source[:object_definitions][key]
      raise 'no object definition ' + key unless definition

      @resolving.push(key)
      begin
        @cache[key] = Harness.run(Context.new(@connector), definition[:fields], @connector.settings, {}, self)
      ensure
        @resolving.pop
      end
    end
  end

  # How many fields a schema expands to (nested properties included).
  def self.count_fields(fields)
    Array(fields).sum { |f| 1 + (f.is_a?(Hash) && f[:properties] ? count_fields(f[:properties]) : 0) }
  end

  class Connector
    attr_reader :source, :settings

    def initialize(source, settings)
      @source = source
      @settings = settings
    end

    def base_uri(settings)
      block = @source[:connection] && @source[:connection][:base_uri]
      block&.call(settings)
    end

    def authorization
      auth = @source[:connection] && @source[:connection][:authorization]
      return nil unless auth
      return auth unless auth[:type].to_s == 'multi'

      selected = auth[:selected].call(@settings).to_s
      auth[:options][selected.to_sym] || auth[:options][selected] || raise('no authorization option ' + selected)
    end

    def with_authorization(context, request)
      auth = context.skip_auth? ? nil : authorization
      attempt = 0
      begin
        attempt += 1
        if auth && auth[:apply]
          if auth[:type].to_s == 'oauth2'
            Harness.run(request, auth[:apply], @settings, @settings['access_token'], nil)
          else
            Harness.run(request, auth[:apply], @settings, nil)
          end
        end
        yield
      rescue RequestError => e
        raise unless attempt == 1 && auth && Array(auth[:refresh_on]).include?(e.code) && refresh(auth)

        retry
      end
    end

    # Refreshes tokens after a refresh_on status: oauth2 through refresh, custom_auth through acquire.
    def refresh(auth)
      context = Context.new(self, skip_auth: true)
      result = if auth[:type].to_s == 'oauth2' && auth[:refresh]
                 Harness.run(context, auth[:refresh], @settings, @settings['refresh_token'])
               elsif auth[:acquire]
                 Harness.run(context, auth[:acquire], @settings)
               end
      return false unless result

      tokens = result.is_a?(Array) ? result[0].to_h.merge(result[2].to_h) : result
      @settings.merge!(Harness.resolve(tokens).transform_keys(&:to_s))
      true
    end

    def connect
      auth = authorization
      return {} unless auth && auth[:acquire] && auth[:type].to_s != 'oauth2'

      refresh(auth)
      @settings
    end

    def acquire(code, redirect_uri, verifier)
      auth = authorization
      result = Harness.run(Context.new(self, skip_auth: true), auth[:acquire], @settings, code, redirect_uri, verifier)
      tokens = Harness.resolve(result.is_a?(Array) ? result[0].to_h.merge(result[2].to_h) : result)
      @settings.merge!(tokens.transform_keys(&:to_s))
      tokens
    end

    def fetch(section, key)
      hash = @source[section] || {}
      hash[key.to_sym] || hash[key.to_s] || raise('no ' + section.to_s + ' ' + key.to_s)
    end

    def fields(section, key, which, config = {})
      block = fetch(section, key)[which.to_sym]
      return [] unless block

      Harness.resolve(Harness.run(Context.new(self), block, ObjectDefinitions.new(self), @settings, config))
    end

    # Workato's convert_input for the top-level input fields.
    def convert_input(fields, input)
      input = input.dup
      fields.each do |field|
        name = field[:name].to_s
        next unless input.key?(name) && input[name].is_a?(String)

        value = input[name]
        input[name] = case field[:convert_input]
                      when 'integer_conversion' then value.strip.empty? ? nil : Integer(value, 10)
                      when 'float_conversion' then value.strip.empty? ? nil : Float(value)
                      when 'boolean_conversion' then %w[true yes 1].include?(value.strip.downcase)
                      else value
                      end
      end
      input
    end

    def execute(key, input)
      action = fetch(:actions, key)
      input = convert_input(fields(:actions, key, :input_fields), input)
      retries = action[:retry_on_response] ? (action[:max_retries] || 3) : 0
      methods = Array(action[:retry_on_request] || %w[GET HEAD]).map(&:upcase)
      begin
        Harness.resolve(Harness.run(Context.new(self), action[:execute], @settings, input, [], [], {}))
      rescue RequestError => e
        raise unless retries.positive? && Array(action[:retry_on_response]).include?(e.code) && methods.include?(e.verb)

        retries -= 1
        retry
      end
    end

    def poll(key, input, closure)
      trigger = fetch(:triggers, key)
      input = convert_input(fields(:triggers, key, :input_fields), input)
      out = Harness.resolve(Harness.run(Context.new(self), trigger[:poll], @settings, input, closure, [], []))
      out.transform_keys(&:to_s)
    end

    def pick_list(key, args)
      block = fetch(:pick_lists, key)
      Harness.resolve(Harness.run(Context.new(self), block, @settings, **args.transform_keys(&:to_sym)))
    end
  end

  def self.resolve(value)
    case value
    when Request then resolve(value.execute!)
    when Hash then value.each_with_object({}) { |(k, v), h| h[k] = resolve(v) }
    when Array then value.map { |v| resolve(v) }
    else value
    end
  end

  def self.step(connector, step)
    case step['op']
    when 'title' then connector.source[:title]
    when 'base_uri' then connector.base_uri(connector.settings)
    when 'connect' then connector.connect
    when 'test' then resolve(run(Context.new(connector), connector.source[:test], connector.settings))
    when 'authorization_url' then connector.authorization[:authorization_url].call(connector.settings)
    when 'token_url' then connector.authorization[:token_url].call(connector.settings)
    when 'client_id' then connector.authorization[:client_id].call(connector.settings)
    when 'pkce' then connector.authorization[:pkce]&.call(step['verifier'], step['challenge'])
    when 'acquire' then connector.acquire(step['code'], step['redirect_uri'], step['verifier'])
    when 'execute' then connector.execute(step['action'], step['input'] || {})
    when 'sample_output'
      block = connector.fetch(:actions, step['action'])[:sample_output]
      block && resolve(run(Context.new(connector), block, connector.settings, {}))
    when 'fields' then connector.fields(step['section'].to_sym, step['key'], step['which'])
    when 'object_definition' then ObjectDefinitions.new(connector)[step['key']]
    when 'object_definition_size' then count_fields(ObjectDefinitions.new(connector)[step['key']])
    when 'fields_size' then count_fields(connector.fields(step['section'].to_sym, step['key'], step['which']))
    when 'object_definition_keys' then (connector.source[:object_definitions] || {}).keys.map(&:to_s)
    when 'keys' then (connector.source[step['section'].to_sym] || {}).keys.map(&:to_s)
    when 'pick_list' then connector.pick_list(step['key'], step['args'] || {})
    when 'poll' then connector.poll(step['trigger'], step['input'] || {}, step['closure'])
    when 'dedup' then connector.fetch(:triggers, step['trigger'])[:dedup].call(step['record'])
    when 'webhook_subscribe'
      trigger = connector.fetch(:triggers, step['trigger'])
      resolve(run(Context.new(connector), trigger[:webhook_subscribe], step['url'], connector.settings, step['input'] || {}, 'recipe-1'))
    when 'webhook_unsubscribe'
      trigger = connector.fetch(:triggers, step['trigger'])
      resolve(run(Context.new(connector), trigger[:webhook_unsubscribe], step['output'], connector.settings))
    when 'webhook_notification'
      trigger = connector.fetch(:triggers, step['trigger'])
      resolve(run(Context.new(connector), trigger[:webhook_notification], step['input'] || {}, step['payload'], [], [],
                  step['headers'] || {}, {}, connector.settings, {}))
    else raise 'unknown op ' + step['op'].to_s
    end
  end

  def self.main(connector_file, script_file)
    source = eval(File.read(connector_file), TOPLEVEL_BINDING.dup, connector_file) # rubocop:disable Security/Eval
    script = JSON.parse(File.read(script_file))
    connector = Connector.new(source, script['settings'] || {})
    results = (script['steps'] || []).map do |s|
      { 'ok' => step(connector, s) }
    rescue StandardError => e
      { 'error' => e.message, 'class' => e.class.name }
    end
    puts JSON.generate({ 'results' => results, 'settings' => connector.settings })
  end
end

Harness.main(ARGV[0], ARGV[1]) if $PROGRAM_NAME == __FILE__
